"""Mail leaves through a real SMTP server: the configured one, or the local mail catcher."""

import socket

from services.platform import mail
from services.platform.mailcatcher import Mailbox, render_message, start_smtp
from services.platform.settings import Settings, get_settings


async def test_a_message_reaches_the_smtp_server_with_its_links(mailbox):
    # when a message with a link is sent through the configured SMTP server
    await mail.send(
        mail.Message(to="Mari Maasikas <mari@example.ee>", subject="Tere", text="Ava https://x.test/a?t=1 palun."),
        settings=get_settings(),
    )
    # then the server received it, links intact
    [caught] = await mailbox.wait_for("mari@example.ee")
    assert caught.subject == "Tere" and caught.links == ["https://x.test/a?t=1"]


async def test_with_no_smtp_configured_mail_goes_to_the_local_catcher(tmp_path):
    # given a machine with nothing configured and the mail catcher `make run` starts
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(smtp_host=None, mail_catcher_smtp_port=port, data_dir=tmp_path)
    box = Mailbox(folder=tmp_path / "mail")
    controller = start_smtp(box, port=port)
    try:
        # when a message is sent
        await mail.send(mail.Message(to="a@b.ee", subject="S", text="T"), settings=settings)
        [caught] = await box.wait_for("a@b.ee")
    finally:
        controller.stop()
    # then the catcher kept it (and on disk, for the next `make run`) and can show it with clickable links
    assert (tmp_path / "mail" / "000001.json").exists()
    assert "<h1>S</h1>" in render_message(caught)
