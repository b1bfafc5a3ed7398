"""The accounts feature: people who sign in, their roles, sign-in itself."""


def init_app(app) -> None:
    from consult.core.extensions import login_manager
    from consult.core.features import register
    register(app, __name__)
    login_manager.user_loader(load_user)


def load_user(user_id: str):
    """Flask-Login's loader. A deactivated account loses its open sessions too, not only the next sign-in."""
    from consult.accounts.models import User
    from consult.core.extensions import db
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None
