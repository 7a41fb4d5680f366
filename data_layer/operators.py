"""Operator accounts: creation, password login with throttling, OIDC mapping, administration.

Passwords are hashed with argon2id (argon2-cffi's defaults, rehashed on login
when those defaults grow). Failed logins are throttled in the database
(data_layer.throttle) per (username, client address) and per client address,
never per account: past either limit, attempts are refused without checking
the password until the failures decay, and someone guessing from one address
cannot keep the real operator (at another address) out. Unknown and known
usernames go through exactly the same steps and answers, so the answers do not
tell which accounts exist. Each account still counts its failures since its
last success, for the admins to see.

Login never raises for a wrong password: it returns a `LoginResult`, so the
caller's transaction commits the failure count instead of rolling it back.

Sessions end when the account changes: every change of password, role, OPD or
active flag raises `Operator.session_epoch`, and `operator_identity` (checked on
every run of an operator page) refuses an identity signed in under an older one.

Administration of the reference tables operators depend on (a category's
default OPD, whether an OPD is active) lives here too: these are the admin
role's writes, and each checks that role.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_layer.commands import utcnow
from data_layer.config import Settings
from data_layer.cpu_guards import hash_check_slot
from data_layer.limits import PASSWORD_INPUT_MAX, USERNAME_INPUT_MAX
from data_layer.models import Category, Opd, Operator
from data_layer.states import Role
from data_layer.throttle import Rule, allow_rule, forget, retry_after

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
LOGIN_ACCOUNT_ADDRESS = "login_account_address"  # the throttle scope of login_rules

_hasher = PasswordHasher()
# Verified against when the username is unknown, so that a wrong username takes
# as long as a wrong password and response times do not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("pantau-lapor: no such operator")


class OperatorError(Exception):
    """An account request refused. `code` selects the message shown to people."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


@dataclass(frozen=True)
class OperatorIdentity:
    """Who is signed in: what pages, queries and commands need to know, nothing secret."""

    id: int
    username: str
    display_name: str
    role: Role
    opd_id: int | None = None
    opd_name: str | None = None
    # The account's session_epoch when this identity was read: a session signed
    # in under an older epoch has ended.
    session_epoch: int = 0


@dataclass(frozen=True)
class LoginResult:
    """The outcome of one login attempt.

    `operator` is set on success. Otherwise `reason` is "invalid" (wrong
    username or password, or an inactive account: one message for all, so
    accounts cannot be probed) or "throttled", with `wait_seconds` left.
    """

    operator: OperatorIdentity | None = None
    reason: str | None = None
    wait_seconds: int = 0

    @property
    def ok(self) -> bool:
        return self.operator is not None


# --- accounts -----------------------------------------------------------------


def create_operator(
    session: Session,
    *,
    username: str,
    password: str | None,
    role: Role | str,
    display_name: str,
    opd_code: str | None = None,
    oidc_subject: str | None = None,
    by: OperatorIdentity | None = None,
    now: dt.datetime | None = None,
) -> OperatorIdentity:
    """Create an account. `by` is the admin doing it (None: the command line, trusted).

    An account needs a password, an OIDC identity (email or subject), or both.
    """
    _require_admin(by)
    username = username.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise OperatorError("bad_username", "3-40 characters: a-z, 0-9, dot, dash, underscore")
    try:
        role = Role(role)
    except ValueError as exc:
        raise OperatorError("bad_role", f"unknown role {role!r}") from exc
    display_name = display_name.strip()
    if not display_name:
        raise OperatorError("missing_name", "a display name is needed")
    oidc_subject = (oidc_subject or "").strip() or None
    if password is None and oidc_subject is None:
        raise OperatorError("missing_credential", "a password or an OIDC identity is needed")
    if password is not None:
        _check_password_strength(password)
    opd = _opd_for_role(session, role, opd_code)
    if session.scalar(select(func.count()).where(Operator.username == username)):
        raise OperatorError("username_taken", f"username {username!r} already exists")
    if oidc_subject and session.scalar(
        select(func.count()).where(Operator.oidc_subject == oidc_subject)
    ):
        raise OperatorError("oidc_taken", "that OIDC identity belongs to another operator")
    operator = Operator(
        username=username,
        display_name=display_name,
        role=role.value,
        opd_id=opd.id if opd else None,
        password_hash=_hasher.hash(password) if password is not None else None,
        oidc_subject=oidc_subject,
        active=True,
        failed_logins=0,
        created_at=now or utcnow(),
    )
    session.add(operator)
    session.flush()
    return _identity(operator, opd)


def _opd_for_role(session: Session, role: Role, opd_code: str | None) -> Opd | None:
    if role is not Role.OPD:
        if opd_code:
            raise OperatorError("opd_not_allowed", "only an opd operator belongs to an OPD")
        return None
    if not opd_code:
        raise OperatorError("opd_required", "an opd operator needs an OPD (e.g. --opd dpu)")
    opd = session.scalar(select(Opd).where(Opd.code == opd_code.strip().lower()))
    if opd is None:
        raise OperatorError("unknown_opd", f"no OPD with code {opd_code!r}")
    return opd


def _check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperatorError(
            "weak_password", f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise OperatorError("weak_password", "that password is too long")


def _identity(operator: Operator, opd: Opd | None = None) -> OperatorIdentity:
    opd = opd or operator.opd
    return OperatorIdentity(
        id=operator.id,
        username=operator.username,
        display_name=operator.display_name,
        role=Role(operator.role),
        opd_id=operator.opd_id,
        opd_name=opd.short_name if opd is not None else None,
        session_epoch=operator.session_epoch or 0,
    )


def operator_identity(
    session: Session, *, operator_id: int, session_epoch: int | None = None
) -> OperatorIdentity | None:
    """The account behind a session, or None once it is gone, deactivated, or changed
    (password, role, OPD) since the session signed in under `session_epoch`."""
    operator = session.get(Operator, operator_id)
    if operator is None or not operator.active:
        return None
    if session_epoch is not None and session_epoch != (operator.session_epoch or 0):
        return None
    return _identity(operator)


def end_sessions(operator: Operator) -> None:
    """Every session of this account ends at its next run (see `operator_identity`)."""
    operator.session_epoch = (operator.session_epoch or 0) + 1


# --- login ----------------------------------------------------------------------


def login_rules(settings: Settings) -> tuple[Rule, Rule]:
    """Failed attempts per (username, client address), and per client address."""
    window = settings.login_failure_window_seconds
    return (
        Rule(LOGIN_ACCOUNT_ADDRESS, settings.login_failures_per_account_address, window),
        Rule("login_address", settings.login_failures_per_address, window),
    )


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    settings: Settings,
    client_address: str,
    now: dt.datetime | None = None,
) -> LoginResult:
    """Check a password login. Run it in a write transaction: failures are recorded.

    Unknown and known usernames take the same path: the same throttles, one
    argon2 check each, the same answers.
    """
    now = now or utcnow()
    username = username.strip().lower()[: USERNAME_INPUT_MAX + 1]
    per_account_address, per_address = login_rules(settings)
    throttles = (
        (per_account_address, f"{username}|{client_address}"),
        (per_address, client_address),
    )
    wait = _login_wait(session, throttles, now=now)
    if wait > 0:
        return LoginResult(reason="throttled", wait_seconds=wait)
    operator = session.scalar(
        select(Operator).where(Operator.username == username).with_for_update()
    )
    # Over-long input is wrong without a doubt, but checked all the same (on a
    # bounded prefix): every refusal costs the same time.
    bounded = len(password) <= PASSWORD_INPUT_MAX
    stored = operator.password_hash if operator is not None else None
    checked = _verify(stored or _DUMMY_HASH, password[:PASSWORD_INPUT_MAX])
    if operator is None or stored is None or not (checked and bounded and operator.active):
        for rule, key in throttles:
            allow_rule(session, rule, key=key, now=now)
        if operator is not None:  # for the admins: failures since the last success
            operator.failed_logins = (operator.failed_logins or 0) + 1
            operator.last_failed_login_at = now
        session.flush()
        return LoginResult(reason="invalid", wait_seconds=_login_wait(session, throttles, now=now))
    if _hasher.check_needs_rehash(stored):
        operator.password_hash = _hasher.hash(password)
    operator.failed_logins = 0
    operator.last_login_at = now
    session.flush()
    return LoginResult(operator=_identity(operator))


def _login_wait(session: Session, throttles, *, now: dt.datetime) -> int:
    return max(retry_after(session, rule, key=key, now=now) for rule, key in throttles)


def _verify(password_hash: str, password: str) -> bool:
    try:
        with hash_check_slot():
            return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def login_with_oidc(
    session: Session,
    *,
    subject: str | None,
    email: str | None,
    email_verified: bool = False,
    now: dt.datetime | None = None,
) -> OperatorIdentity | None:
    """The active operator an identity provider's user maps to (by subject, else email).

    The e-mail address counts only when the provider says it verified it: many
    providers let a user type any address, and `oidc_subject` may hold an
    operator's e-mail.
    """
    for claim in (subject, email if email_verified else None):
        claim = (claim or "").strip()
        if not claim:
            continue
        operator = session.scalar(select(Operator).where(Operator.oidc_subject == claim))
        if operator is not None:
            if not operator.active:
                return None
            operator.last_login_at = now or utcnow()
            session.flush()
            return _identity(operator)
    return None


def change_password(
    session: Session, *, operator_id: int, current_password: str, new_password: str
) -> OperatorIdentity:
    """An operator changes their own password, proving the current one.

    Every session of the account ends; the returned identity (the new epoch)
    lets the session that made the change carry on.
    """
    operator = session.get(Operator, operator_id)
    if operator is None or not operator.active:
        raise OperatorError("unknown_operator")
    if operator.password_hash is None or not _verify(operator.password_hash, current_password):
        raise OperatorError("wrong_password", "the current password is wrong")
    if new_password == current_password:
        raise OperatorError("same_password", "the new password must differ from the current one")
    _check_password_strength(new_password)
    operator.password_hash = _hasher.hash(new_password)
    end_sessions(operator)
    session.flush()
    return _identity(operator)


# --- administration (admin role) ----------------------------------------------


def _require_admin(by: OperatorIdentity | None) -> None:
    if by is not None and by.role is not Role.ADMIN:
        raise OperatorError("not_permitted", "only an admin manages operators and reference data")


def _operator(session: Session, operator_id: int) -> Operator:
    operator = session.get(Operator, operator_id, with_for_update=True)
    if operator is None:
        raise OperatorError("unknown_operator")
    return operator


def reset_password(
    session: Session, *, operator_id: int, new_password: str, by: OperatorIdentity | None
) -> None:
    """An admin sets a new password (e.g. forgotten); the failure count starts over."""
    _require_admin(by)
    _check_password_strength(new_password)
    operator = _operator(session, operator_id)
    operator.password_hash = _hasher.hash(new_password)
    operator.failed_logins = 0
    operator.last_failed_login_at = None
    end_sessions(operator)
    # Failures with this username no longer hold anyone back (the per-address
    # throttle still does: that is about the address, not the account).
    forget(session, scope=LOGIN_ACCOUNT_ADDRESS, key_prefix=f"{operator.username}|")
    session.flush()


def set_operator_active(
    session: Session, *, operator_id: int, active: bool, by: OperatorIdentity | None
) -> None:
    """Deactivate (never delete: history rows keep pointing at the account) or reactivate."""
    _require_admin(by)
    operator = _operator(session, operator_id)
    if not active:
        if by is not None and by.id == operator_id:
            raise OperatorError("cannot_deactivate_self", "an admin cannot deactivate themself")
        if operator.role == Role.ADMIN.value and _active_admins(session) <= 1:
            raise OperatorError("last_admin", "the last active admin cannot be deactivated")
    if operator.active != active:
        end_sessions(operator)
    operator.active = active
    session.flush()


def set_operator_role(
    session: Session,
    *,
    operator_id: int,
    role: Role | str,
    opd_code: str | None,
    by: OperatorIdentity | None,
) -> None:
    """Give an account another role or OPD; its sessions end (they carried the old one)."""
    _require_admin(by)
    try:
        role = Role(role)
    except ValueError as exc:
        raise OperatorError("bad_role", f"unknown role {role!r}") from exc
    opd = _opd_for_role(session, role, opd_code)
    operator = _operator(session, operator_id)
    if (
        operator.role == Role.ADMIN.value
        and role is not Role.ADMIN
        and operator.active
        and _active_admins(session) <= 1
    ):
        raise OperatorError("last_admin", "the last active admin must stay an admin")
    new_opd_id = opd.id if opd else None
    if (operator.role, operator.opd_id) != (role.value, new_opd_id):
        operator.role, operator.opd_id = role.value, new_opd_id
        end_sessions(operator)
    session.flush()


def deactivate_operator(session: Session, *, operator_id: int, by: OperatorIdentity | None) -> None:
    set_operator_active(session, operator_id=operator_id, active=False, by=by)


def _active_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).where(Operator.role == Role.ADMIN.value, Operator.active.is_(True))
        )
        or 0
    )


def set_category_routing(
    session: Session,
    *,
    category_id: int,
    default_opd_id: int | None,
    routes_to_kecamatan: bool,
    by: OperatorIdentity | None,
) -> None:
    """Where a category's reports go by default: one OPD, or the kecamatan office."""
    _require_admin(by)
    category = session.get(Category, category_id, with_for_update=True)
    if category is None:
        raise OperatorError("unknown_category")
    if not routes_to_kecamatan:
        if default_opd_id is None:
            raise OperatorError("opd_required", "choose the OPD or the kecamatan office")
        if session.get(Opd, default_opd_id) is None:
            raise OperatorError("unknown_opd")
    category.routes_to_kecamatan = routes_to_kecamatan
    category.default_opd_id = None if routes_to_kecamatan else default_opd_id
    session.flush()


def set_opd_active(
    session: Session, *, opd_id: int, active: bool, by: OperatorIdentity | None
) -> None:
    """An inactive OPD is no longer offered when forwarding; its history stays."""
    _require_admin(by)
    opd = session.get(Opd, opd_id, with_for_update=True)
    if opd is None:
        raise OperatorError("unknown_opd")
    opd.active = active
    session.flush()


OPD_CODE_PATTERN = re.compile(r"[a-z][a-z0-9_-]{1,39}")
OPD_NAME_LIMITS = {"short_name": 40, "name_id": 160, "name_en": 160}


def save_opd(
    session: Session,
    *,
    code: str,
    short_name: str,
    name_id: str,
    name_en: str,
    by: OperatorIdentity | None,
) -> None:
    """Add an OPD, or rename one, as the city names it; later reference syncs keep these names.

    A city starts from the default template (data_layer/cities/template/opd.csv);
    this is how its admin makes the list the city's own.
    """
    _require_admin(by)
    code = code.strip().lower()
    if not OPD_CODE_PATTERN.fullmatch(code):
        raise OperatorError(
            "bad_opd_code", "code: 2-40 of a-z, 0-9, - and _, starting with a letter"
        )
    names = {
        "short_name": short_name.strip(),
        "name_id": name_id.strip(),
        "name_en": name_en.strip(),
    }
    if not all(names.values()):
        raise OperatorError("missing_opd_name", "every name is required")
    if any(len(names[field]) > limit for field, limit in OPD_NAME_LIMITS.items()):
        raise OperatorError("opd_name_too_long", "a name is too long")
    opd = session.scalar(select(Opd).where(Opd.code == code).with_for_update())
    if opd is None:
        opd = Opd(code=code, active=True)
        session.add(opd)
    opd.short_name = names["short_name"]
    opd.name_id = names["name_id"]
    opd.name_en = names["name_en"]
    opd.names_from_admin = True
    session.flush()
