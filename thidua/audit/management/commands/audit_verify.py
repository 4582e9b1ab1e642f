from django.core.management.base import BaseCommand, CommandError

from thidua.audit.services import audit_verify


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký thay đổi và báo liên kết hỏng đầu tiên."

    def handle(self, *args, **options):
        result = audit_verify()
        if result.ok:
            self.stdout.write(
                self.style.SUCCESS(f"Nhật ký nguyên vẹn: {result.checked} bản ghi đã kiểm tra.")
            )
            return
        where = "cuối chuỗi" if result.broken_id == -1 else f"bản ghi #{result.broken_id}"
        raise CommandError(
            f"Nhật ký bị sửa đổi: liên kết hỏng đầu tiên tại {where} ({result.reason}); "
            f"{result.checked} bản ghi trước đó còn nguyên vẹn."
        )
