"""`thidua surveys-recount`: count every survey's results again from the answers themselves."""

from django.core.management.base import BaseCommand

from thidua.access import SYSTEM
from thidua.surveys.models import Survey
from thidua.surveys.services import survey_counts_rebuild


class Command(BaseCommand):
    help = (
        "Đếm lại kết quả khảo sát (số ý kiến theo từng mức, số phiếu theo dịch vụ) từ các phiếu đã nhận; "
        "dùng sau khi khôi phục dữ liệu hoặc khi nghi ngờ số liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--survey", type=int, action="append", help="Chỉ đếm lại cuộc khảo sát này (mã số)."
        )

    def handle(self, *args, survey: list[int] | None, **options):
        chosen = None if not survey else list(Survey.objects.filter(pk__in=survey))
        corrected = survey_counts_rebuild(actor=SYSTEM, surveys=chosen)
        if not corrected:
            self.stdout.write("Số liệu của mọi cuộc khảo sát đã đúng.")
            return
        for s in corrected:
            self.stdout.write(f"Đã đếm lại: #{s.pk} {s.title}")
        self.stdout.write(f"Đã sửa số liệu của {len(corrected)} cuộc khảo sát.")
