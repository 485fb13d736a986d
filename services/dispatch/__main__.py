"""python -m services.dispatch — migrate, then serve on settings.dispatch_port."""
from assistant.settings import settings
from services.common.app import serve
from services.dispatch.app import create_dispatch_app

serve(create_dispatch_app, settings.dispatch_port)
