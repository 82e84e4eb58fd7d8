from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("manage/queues/", views.queues, name="queues"),
    path("manage/queues/tasks/<uuid:task_id>/retry/", views.task_retry, name="task-retry"),
]
