"""What a citizen sees after Kirim succeeds, and again after reloading that page.

The ticket goes into the page's URL (`kirim?tiket=…`) the moment the report is
saved, so a reload, or a phone that discarded the tab, brings back the ticket.
The private follow-up code lives only in this browser session: a reload shows
the ticket and says the code was shown once, never the code itself.

The citizen can copy both codes, keep a receipt as a PNG image (or print it),
and, when SMTP is configured and they gave an e-mail address, send the receipt
to themselves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from data_layer.config import get_settings
from data_layer.mail import Mail, MailError, mail_configured, send_mail
from data_layer.receipt import receipt_png
from data_layer.tickets import format_followup_code, format_ticket_code
from ui.formatting import local_datetime
from ui.i18n import current_lang, t
from ui.widgets import inert, site_origin, ticket_link

logger = logging.getLogger(__name__)

TICKET_PARAM = "tiket"
MAILED = "kirim.receipt_mailed"  # the ticket whose receipt was e-mailed in this session
MAIL_NOTICE = "kirim.receipt_notice"
ANOTHER = "kirim.another"


@dataclass(frozen=True)
class Receipt:
    ticket: str
    followup_code: str | None  # only in the session that submitted
    received_at: object | None = None  # naive UTC datetime
    email: str | None = None  # the address the citizen typed (this session only)
    repeat: bool = False


def show_receipt(receipt: Receipt, *, on_another) -> None:
    settings = get_settings()
    lang = current_lang()
    st.success(t("submit.success.title"), icon=":material/check_circle:")
    st.write(t("submit.success.ticket"))
    code = format_ticket_code(receipt.ticket)
    st.header(code)  # letters, digits and a dash only: safe as Markdown
    st.code(code, language=None)
    copy_button(code, t("submit.success.copy_ticket"), key="ticket")
    st.markdown(f"[{t('submit.success.track')}]({ticket_link(receipt.ticket, lang)})")
    if receipt.followup_code:
        grouped = format_followup_code(receipt.followup_code)
        st.write(t("submit.success.followup"))
        st.code(grouped, language=None)
        copy_button(grouped, t("submit.success.copy_followup"), key="followup")
        st.warning(t("submit.success.followup_help"), icon=":material/key:")
    elif not receipt.repeat:
        st.info(t("submit.success.followup_once"), icon=":material/key:")
    if receipt.repeat:
        st.info(t("submit.success.repeat"))
    _keep_area(receipt)
    st.caption(t("submit.success.next", days=settings.sla_verify_days))
    st.button(t("submit.success.another"), key=ANOTHER, on_click=on_another)


def _keep_area(receipt: Receipt) -> None:
    st.markdown(f"**{t('submit.receipt.keep')}**")
    st.download_button(
        t("submit.receipt.image"),
        data=receipt_image(receipt),
        file_name=f"tanda-terima-{format_ticket_code(receipt.ticket)}.png",
        mime="image/png",
        key="kirim.receipt_png",
        icon=":material/download:",
    )
    print_button()
    if receipt.email and receipt.followup_code and mail_configured(get_settings()):
        if st.session_state.get(MAILED) == receipt.ticket:
            st.success(t("submit.receipt.mailed", email=inert(receipt.email)))
        else:
            st.button(
                t("submit.receipt.mail", email=inert(receipt.email)),
                key="kirim.receipt_mail",
                icon=":material/mail:",
                on_click=mail_receipt,
                args=(receipt,),
            )
        notice = st.session_state.get(MAIL_NOTICE)
        if notice:
            st.error(t(notice))


def track_url(ticket: str) -> str:
    return f"{site_origin()}/{ticket_link(ticket, current_lang())}"


def receipt_rows(receipt: Receipt) -> list[tuple[str, str]]:
    rows = [(t("submit.receipt.ticket"), format_ticket_code(receipt.ticket))]
    if receipt.followup_code:
        rows.append((t("submit.receipt.followup"), format_followup_code(receipt.followup_code)))
    if receipt.received_at is not None:
        rows.append(
            (t("submit.receipt.received"), local_datetime(receipt.received_at, current_lang()))
        )
    rows.append((t("submit.receipt.track"), track_url(receipt.ticket)))
    return rows


def receipt_footer(receipt: Receipt) -> str:
    return t("submit.receipt.footer" if receipt.followup_code else "submit.receipt.footer_plain")


def receipt_image(receipt: Receipt) -> bytes:
    return receipt_png(t("submit.receipt.title"), receipt_rows(receipt), receipt_footer(receipt))


def mail_receipt(receipt: Receipt) -> None:
    """The e-mail button's callback: one message, sent now (the code is never queued)."""
    state = st.session_state
    state.pop(MAIL_NOTICE, None)
    if state.get(MAILED) == receipt.ticket:  # a double tap
        return
    body = "\n".join(
        [t("submit.receipt.title"), ""]
        + [f"{label}: {value}" for label, value in receipt_rows(receipt)]
        + ["", receipt_footer(receipt)]
    )
    mail = Mail(
        to=receipt.email,
        subject=t("submit.receipt.subject", ticket=format_ticket_code(receipt.ticket)),
        body=body,
        attachments=(
            (
                f"tanda-terima-{format_ticket_code(receipt.ticket)}.png",
                "image/png",
                receipt_image(receipt),
            ),
        ),
    )
    try:
        send_mail(get_settings(), mail)
    except MailError:
        logger.exception("sending a submission receipt failed")
        state[MAIL_NOTICE] = "submit.receipt.mail_failed"
        return
    state[MAILED] = receipt.ticket


# Our own fixed markup and script; the only data is a code of letters, digits and dashes.
_COPY_SCRIPT = """<script>
if (!window.pantauCopy) {
  window.pantauCopy = true;
  document.addEventListener("click", (event) => {
    if (event.target.closest("button[data-print]")) { window.print(); return; }
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    navigator.clipboard.writeText(button.dataset.copy).then(
      () => { button.textContent = button.dataset.done; },
      () => { button.textContent = button.dataset.failed; },
    );
  });
}
</script>"""
_BUTTON_STYLE = (
    "min-height:2.5rem;padding:0.25rem 0.9rem;border-radius:0.5rem;"
    "border:1px solid rgba(49,51,63,0.3);background:white;font:inherit;cursor:pointer;"
)


def copy_button(code: str, caption: str, *, key: str) -> None:
    """A button that puts `code` on the clipboard (tested in the browser suite)."""
    if not all(ch.isalnum() or ch == "-" for ch in code):
        raise ValueError("copy_button takes codes only")
    st.html(
        f'<button type="button" class="pantau-copy pantau-copy-{key}" style="{_BUTTON_STYLE}" '
        f'data-copy="{code}" data-done="{t("submit.success.copied")}" '
        f'data-failed="{t("submit.success.copy_failed")}">{caption}</button>' + _COPY_SCRIPT,
        unsafe_allow_javascript=True,
    )


def print_button() -> None:
    st.html(
        f'<button type="button" class="pantau-print" style="{_BUTTON_STYLE}" '
        f'data-print="1">{t("submit.receipt.print")}</button>' + _COPY_SCRIPT,
        unsafe_allow_javascript=True,
    )
