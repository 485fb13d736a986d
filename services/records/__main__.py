"""python -m services.records — migrate, then serve on settings.records_port."""
from assistant.settings import settings
from services.common.app import serve
from services.records.app import create_records_app

serve(create_records_app, settings.records_port)
