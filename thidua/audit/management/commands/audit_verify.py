from django.core.management.base import BaseCommand, CommandError

from thidua.audit.anchors import anchor_path
from thidua.audit.services import audit_verify


class Command(BaseCommand):
    help = "Kiểm tra chuỗi nhật ký thay đổi bằng khóa HMAC và đối chiếu với tệp mốc; báo mục hỏng đầu tiên."

    def handle(self, *args, **options):
        result = audit_verify()
        if result.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Nhật ký nguyên vẹn: {result.checked} bản ghi đã kiểm tra, "
                    f"khớp {result.anchors} mốc trong {anchor_path() or '(không có tệp mốc)'}."
                )
            )
            if result.checked and not result.anchors:
                self.stderr.write(
                    self.style.WARNING(
                        "Chưa có mốc nào: việc xóa các bản ghi cuối chuỗi không phát hiện được."
                    )
                )
            return
        where = "cuối chuỗi" if result.broken_id == -1 else f"bản ghi #{result.broken_id}"
        raise CommandError(
            f"Nhật ký bị sửa đổi từ {where}: {result.reason}; "
            f"{result.checked} bản ghi trước đó còn nguyên vẹn."
        )
