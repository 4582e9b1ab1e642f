from django.contrib.auth.decorators import login_not_required
from django.urls import path

from thidua.examples import audio_views, board_views, feeds, views

app_name = "examples"
urlpatterns = [
    path("", views.example_list, name="list"),
    path("new/", views.example_create, name="create"),
    path("<int:pk>/", views.example_detail, name="detail"),
    path("<int:pk>/verify/", views.example_verify, name="verify"),
    path("<int:pk>/publish/", views.example_publish, name="publish"),
    path("<int:pk>/reject/", views.example_reject, name="reject"),
    path("<int:pk>/photos/", views.example_photo, name="photo_add"),
    path("<int:pk>/adopt/", views.example_adopt, name="adopt"),
    path("<int:pk>/consents/", views.consent_record, name="consent_add"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("consents/<int:pk>/scan/", views.consent_scan, name="consent_scan"),
    path("photos/<int:pk>/", views.photo_file, name="photo"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/report/", views.public_report, name="public_report"),
    path("feeds/<int:commune>/examples.atom", login_not_required(feeds.ExamplesFeed()), name="feed_examples"),
    path(
        "feeds/<int:commune>/decisions.atom", login_not_required(feeds.DecisionsFeed()), name="feed_decisions"
    ),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("board/", board_views.board_page, name="board"),
    path("bulletins/new/", views.bulletin_create, name="bulletin_create"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/txt/", views.bulletin_txt, name="bulletin_txt"),
    path("bulletins/<int:pk>/docx/", views.bulletin_docx, name="bulletin_docx"),
    path("bulletins/<int:pk>/broadcast/", views.bulletin_broadcast, name="bulletin_broadcast"),
    path("bulletins/<int:pk>/send/", views.bulletin_send, name="bulletin_send"),
    path("bulletins/<int:pk>/audio/", audio_views.bulletin_audio_status, name="bulletin_audio_status"),
    path("bulletins/<int:pk>/audio/make/", audio_views.bulletin_audio_make, name="bulletin_audio_make"),
    path("bulletins/<int:pk>/audio.<str:fmt>", audio_views.bulletin_audio, name="bulletin_audio"),
    path(
        "public/bulletins/<int:pk>/audio.<str:fmt>",
        audio_views.public_bulletin_audio,
        name="public_bulletin_audio",
    ),
    path("deliveries/<int:pk>/audio/", audio_views.delivery_audio_status, name="delivery_audio_status"),
    path("deliveries/<int:pk>/audio.<str:fmt>", audio_views.delivery_audio, name="delivery_audio"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="delivery"),
    path("deliveries/<int:pk>/ack/", views.delivery_acknowledge, name="delivery_ack"),
]
