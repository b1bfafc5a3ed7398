"""Binding extensions, template helpers and error pages to the app."""
from __future__ import annotations

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask.globals import request_ctx
from werkzeug.local import LocalProxy
import flask_babel
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.middleware.proxy_fix import ProxyFix

from consult.core import i18n, inputs, jobs, transactions
from consult.core.errors import Refused
from consult.core.cache import init_cache
from consult.core.api import answers_json
from consult.core.permissions import can_in_template, can_open
from consult.core.extensions import babel, csrf, db, limiter, login_manager, migrate
from consult.core.geo import governorate_name
from consult.core.security import add_security_headers


def init_extensions(app: Flask) -> None:
    # Before any blueprint adds its routes: every <int:...> id is bounded to a database INTEGER.
    app.url_map.converters["int"] = inputs.IdConverter
    if app.config.get("PROXY_COUNT"):
        # The client's address (rate limits) and https (links, secure cookies) as the TLS proxy saw them;
        # the Host header is never taken from X-Forwarded-Host.
        proxies = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.before_request(inputs.reject_nul_bytes)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR", "migrations")),
                     render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
    init_cache(app)
    if app.config.get("ENV_NAME") == "production" and app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        app.logger.warning("Rate limits are counted in this process's memory: with several workers each "
                           "counts alone. Set REDIS_URL (or RATELIMIT_STORAGE_URI) so that they share one count.")

    # The accounts feature gives the user loader (`accounts.init_app`): core knows no feature.
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    app.after_request(add_security_headers)
    # Dead background jobs are failed, and e-mails due again handed out, at most every 15 s per
    # process, in their own transaction before the request's (see core.jobs.tick).
    app.before_request(lambda: jobs.tick())

    @app.before_request
    def choose_language_anew():
        # The locale is cached in `g`; where several requests share one app context (tests, scripts
        # driving a test client) each request must still follow its own ?lang= and session.
        flask_babel.refresh()
        i18n.remember_asked_language()

    @app.before_request
    def load_user_anew():
        # So is Flask-Login's user: there, each request is who its own session cookie says, never
        # the previous request's user (in production each request has its own context anyway).
        g.pop("_login_user", None)


def init_templates(app: Flask) -> None:
    i18n.Catalogs().install(app.jinja_env)
    app.jinja_env.globals.update(
        localized=i18n.localized,
        can=can_in_template,
        can_open=can_open,
        language_names=i18n.LANGUAGE_NAMES,
        governorate_name=governorate_name,
        has_endpoint=lambda endpoint: endpoint in current_app.view_functions,
        url_with_args=inputs.url_with_args,
        # The page's language and direction, also in macros imported without context (a macro
        # file sees the globals only): the page's own `lang`, never the Arabic default.
        lang=LocalProxy(i18n.current_language),
        dir=LocalProxy(i18n.text_direction),
    )

    app.jinja_env.filters["number"] = i18n.format_number

    @app.context_processor
    def page_language():
        language = i18n.current_language()
        return {"lang": language, "dir": i18n.text_direction(language)}


ERROR_MESSAGES = {
    400: lambda: _("The request could not be understood. Please check what you sent and try again."),
    401: lambda: _("Please sign in to continue."),
    403: lambda: _("You do not have permission to open this page."),
    404: lambda: _("This page does not exist."),
    405: lambda: _("This action is not allowed here."),
    413: lambda: _("What you sent is too large. Please shorten it or send a smaller file."),
    429: lambda: _("Too many attempts. Please wait a moment and try again."),
    500: lambda: _("Something went wrong on our side. Nothing you sent was lost; please try again."),
}


def _error_response(status: int, message: str | None = None):
    message = message or ERROR_MESSAGES.get(status, ERROR_MESSAGES[500])()
    if answers_json():
        return jsonify({"error": message, "status": status}), status
    if request_ctx.url_adapter is None:
        # Refused before routing (a Host header that is not ours): no link can be built, so no page.
        return Response(message, status, mimetype="text/plain")
    return render_template("errors/error.html", status=status, message=message), status


def _own_message(error) -> str | None:
    """The message an error carries for the person: ours (`message`), or the one a rate limit was
    given (`error_message=`), else None for the page's usual message."""
    if getattr(error, "message", None):
        return error.message
    if getattr(getattr(error, "limit", None), "error_message", None):
        return error.description
    return None


def init_errors(app: Flask) -> None:
    for status in ERROR_MESSAGES:
        app.register_error_handler(status, lambda error, status=status: _error_response(
            status, _own_message(error)))

    @app.errorhandler(Refused)
    def refused(error):
        # A refusal no view turned into its own page: nothing of the request is saved, and the
        # reason is said on the error page (or in JSON for the API).
        transactions.rollback()
        return _error_response(error.status, error.message)

    @app.errorhandler(DataError)
    def data_error(error):
        # The database refused a value (a number out of range, text it cannot hold) that the forms
        # let through: undo the whole request's changes, so that nothing is half-saved, and say so.
        db.session.rollback()
        current_app.logger.warning("Refused by the database: %s", error.orig)
        return _error_response(400, _("Something you sent cannot be stored (a number too large or an "
                                      "invalid character). Nothing was saved; please check it and try again."))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _error_response(400, _("This form has expired or was not sent from this site. "
                                      "Please reload the page and send it again."))

    @app.errorhandler(401)
    def unauthorized(error):
        if request.path.startswith("/api/"):
            return _error_response(401)
        return login_manager.unauthorized()
