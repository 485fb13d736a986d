"""python -m desk — migrate, then serve the operator desk on E12349_DESK_PORT (8103)."""
from desk.app import create_desk_app
from assistant.settings import settings
from services.common.app import serve

serve(create_desk_app, settings.desk_port)
