"""Piccolo configuration: the engine comes from Serviceloop's settings; one piccolo app per service."""

from piccolo.conf.apps import AppRegistry

from services.platform.database import make_engine
from services.platform.settings import get_settings

DB = make_engine(get_settings())

APP_REGISTRY = AppRegistry(apps=["services.learning.piccolo_app", "services.feedback.piccolo_app"])
