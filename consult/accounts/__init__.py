"""The accounts feature: people who sign in, their roles, sign-in itself."""


def init_app(app) -> None:
    from consult.core.extensions import login_manager
    from consult.core.features import register
    register(app, __name__)
    login_manager.user_loader(load_user)


def load_user(session_id: str):
    """Flask-Login's loader, given what `User.get_id` wrote into the session: "id.version". A session
    of an older version (signed out since, or opened before a new password) is no session, and a
    deactivated account loses its open sessions too, not only the next sign-in."""
    from consult.accounts.models import User
    from consult.core.extensions import db
    from consult.core.inputs import MAX_INT
    user_id, _dot, version = (session_id or "").partition(".")
    if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()
            and len(session_id) <= 24 and int(user_id) <= MAX_INT):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
