"""Kafka TLS/SASL settings translated for each client library the product uses.

Deployments pass `HOLDLINE_SECURITY_PROTOCOL`, `HOLDLINE_SASL_*` and `HOLDLINE_SSL_*` (from a Secret);
the worker (Faust/aiokafka) and the admin tools (kafka-python) must connect the same way.
"""

from __future__ import annotations

import ssl
from typing import Any

from streams.settings import SecurityProtocol, Settings


def ssl_context(settings: Settings) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(settings.ssl_cafile) if settings.ssl_cafile else None)
    if settings.ssl_certfile:
        context.load_cert_chain(
            str(settings.ssl_certfile), str(settings.ssl_keyfile) if settings.ssl_keyfile else None
        )
    return context


def faust_credentials(settings: Settings) -> Any:
    """`broker_credentials` for faust.App, or None for PLAINTEXT."""
    import faust

    protocol = settings.security_protocol
    if protocol == SecurityProtocol.PLAINTEXT:
        return None
    if protocol == SecurityProtocol.SSL:
        return faust.SSLCredentials(ssl_context(settings))
    password = settings.sasl_password.get_secret_value() if settings.sasl_password else ""
    context = ssl_context(settings) if protocol == SecurityProtocol.SASL_SSL else None
    return faust.SASLCredentials(
        username=settings.sasl_username,
        password=password,
        ssl_context=context,
        mechanism=settings.sasl_mechanism.value,
    )


def kafka_python_config(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for kafka-python clients (admin, producer, consumer)."""
    config: dict[str, Any] = {"security_protocol": settings.security_protocol.value}
    if settings.security_protocol in (SecurityProtocol.SSL, SecurityProtocol.SASL_SSL):
        config["ssl_cafile"] = str(settings.ssl_cafile) if settings.ssl_cafile else None
        config["ssl_certfile"] = str(settings.ssl_certfile) if settings.ssl_certfile else None
        config["ssl_keyfile"] = str(settings.ssl_keyfile) if settings.ssl_keyfile else None
    if settings.security_protocol in (SecurityProtocol.SASL_PLAINTEXT, SecurityProtocol.SASL_SSL):
        config["sasl_mechanism"] = settings.sasl_mechanism.value
        config["sasl_plain_username"] = settings.sasl_username
        password = settings.sasl_password
        config["sasl_plain_password"] = password.get_secret_value() if password else None
    return config
