from django.core.management.base import BaseCommand, CommandError

from thidua.api.demo import demo_token_lines
from thidua.demo import load_demo, login_table
from thidua.demo_reset import ResetRefused, reset_database


class Command(BaseCommand):
    help = "Nạp xã mẫu Mỹ Thạnh (dữ liệu mẫu) cùng các tài khoản thử, mỗi vai trò một tài khoản."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Bỏ qua nếu dữ liệu mẫu đã có.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Xóa cơ sở dữ liệu mẫu (tệp SQLite) rồi nạp lại xã mẫu từ đầu; môi trường .venv giữ nguyên.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Không hỏi lại khi đặt lại.",
        )
        parser.add_argument(
            "--address", default="http://127.0.0.1:8000", help="Địa chỉ máy chủ in ra cho người dùng."
        )

    def handle(self, *args, **options):
        if options["reset"]:
            self._reset(options["interactive"])
        try:
            ctx = load_demo()
        except RuntimeError as exc:
            if options["if_empty"]:
                self.stdout.write(str(exc))
            else:
                raise CommandError(str(exc)) from exc
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Đã nạp xã mẫu {ctx.commune.name} ({len(ctx.people)} cá nhân mẫu).")
            )
        self.stdout.write(f"\nĐăng nhập tại {options['address']} với một trong các tài khoản:")
        for username, password, label in login_table():
            self.stdout.write(f"  {username:<12} mật khẩu {password:<18} {label}")
        for line in demo_token_lines(options["address"]):
            self.stdout.write(line)

    def _reset(self, interactive: bool) -> None:
        if interactive:
            answer = input("Xóa toàn bộ dữ liệu của bản chạy thử và nạp lại từ đầu? Gõ 'có' để tiếp tục: ")
            if answer.strip().lower() not in ("có", "co", "yes", "y"):
                raise CommandError("Đã hủy, không xóa gì.")
        try:
            path = reset_database()
        except ResetRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã xóa cơ sở dữ liệu mẫu {path.name} và tạo lại; đang nạp xã mẫu…")
