from django.urls import path

from thidua.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.form_index, name="index"),
    path("<int:unit_pk>/<int:year>/<slug:code>/", views.form_view, name="form"),
    path("<int:unit_pk>/<int:year>/<slug:code>/form.xlsx", views.form_xlsx, name="xlsx"),
    path("<int:unit_pk>/<int:year>/<slug:code>/form.pdf", views.form_pdf, name="pdf"),
    path("<int:unit_pk>/<int:year>/<slug:code>/<slug:row>/<slug:column>/", views.cell_view, name="cell"),
]
