"""Notifications and each person's digest choice."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_role_labels_spelled_out'),
        ('units', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Preference',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='notification_preference', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('digest', models.BooleanField(default=True, verbose_name='nhận thư tổng hợp hằng ngày')),
                ('digest_sent_on', models.DateField(blank=True, null=True)),
            ],
            options={
                'verbose_name': 'tùy chọn nhận thông báo',
                'verbose_name_plural': 'tùy chọn nhận thông báo',
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('commitment_review', 'Đăng ký thi đua chờ duyệt'), ('figures_overdue', 'Số liệu quá hạn báo cáo'), ('ballot_open', 'Phiên bỏ phiếu đang mở'), ('objection', 'Ý kiến phản ánh chờ xử lý'), ('notice_ending', 'Hết thời gian công khai'), ('proposal_returned', 'Hồ sơ đề nghị bị trả lại'), ('proposal', 'Hồ sơ đề nghị khen thưởng'), ('other', 'Khác')], default='other', max_length=30, verbose_name='loại')),
                ('text', models.TextField(verbose_name='nội dung')),
                ('link', models.CharField(blank=True, max_length=500, verbose_name='liên kết')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='lúc')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='đã đọc lúc')),
                ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='đã gửi thư lúc')),
                ('key', models.CharField(blank=True, max_length=200)),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='units.unit')),
            ],
            options={
                'verbose_name': 'thông báo',
                'verbose_name_plural': 'thông báo',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['recipient', 'read_at'], name='notification_unread')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('recipient', 'key'), name='notification_once')],
            },
        ),
    ]
