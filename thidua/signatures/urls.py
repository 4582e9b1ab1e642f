from django.urls import path

from thidua.signatures import views

app_name = "signatures"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("keys/", views.keys, name="keys"),
    path("my-signature/", views.my_signature, name="my_signature"),
    path("keys/<int:pk>/retire/", views.key_retire, name="key_retire"),
    path("document/<int:pk>/sign/", views.sign, name="sign"),
    path("document/<int:pk>/pdf/", views.signed_pdf, name="signed_pdf"),
    path("document/<int:pk>/attachment/", views.attachment_sign, name="attachment_sign"),
    path("attachment/<int:pk>/pdf/", views.attachment_pdf, name="attachment_pdf"),
]
