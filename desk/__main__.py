"""python -m desk — migrate, then serve the operator desk on E12349_DESK_PORT (8103)."""
from desk.app import create_desk_app
from desk.settings import desk_settings
from services.common.app import serve

serve(create_desk_app, desk_settings.port)
