"""The console's routes, one Sanic blueprint per area."""

from console.routes.admin import bp as admin
from console.routes.auth import bp as auth
from console.routes.conversations import bp as conversations
from console.routes.dashboard import bp as dashboard
from console.routes.export import bp as export

BLUEPRINTS = (auth, conversations, dashboard, export, admin)
