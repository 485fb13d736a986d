"""Who may call the services and what each client may do (least privilege).

Each client has its own bearer token (settings.api_clients); each endpoint
group needs one scope. A client's scopes are the defaults below unless its
settings entry lists its own.
"""
from __future__ import annotations

from dataclasses import dataclass

# One scope per endpoint group (docs/CONTRACT.md, "Clients and scopes").
SCOPES = {
    "records:identify": "find an elder by caller ID, speaker or widget login (elder_id and name only)",
    "records:verify": "check an elder's last four ID characters (rate-limited)",
    "records:read": "an elder's record, allowances and elder-card applications",
    "records:contacts": "an elder's emergency contact",
    "records:write": "submit elder-card applications",
    "catalog:read": "institutions, meal sites, menus",
    "policy:read": "the policy knowledge base",
    "dispatch:orders:create": "create work orders",
    "dispatch:orders:read": "one elder's orders, one order",
    "dispatch:orders:cancel": "cancel an order",
    "dispatch:orders:operate": "operator side: transitions, feedback, notifications sent",
    "dispatch:providers:read": "service providers",
    "dispatch:calls": "record hotline and chat sessions",
    "desk:handovers": "hand a live conversation to the operator desk, ask whether an operator is online",
}

DEFAULT_SCOPES: dict[str, frozenset[str]] = {
    # The action server serves callers: it identifies, verifies, reads what the verified caller may
    # hear, books and cancels; it never sees emergency contacts or the operator side.
    "actions": frozenset({
        "records:identify", "records:verify", "records:read", "records:write", "catalog:read", "policy:read",
        "dispatch:orders:create", "dispatch:orders:read", "dispatch:orders:cancel", "dispatch:providers:read",
        "desk:handovers",
    }),
    # The gateways greet a known caller by name and log the session, nothing more.
    # Both can hand a live conversation to the desk.
    "hotline": frozenset({"records:identify", "dispatch:calls", "desk:handovers"}),
    "widget": frozenset({"records:identify", "dispatch:calls", "desk:handovers"}),
    # The operator desk works orders and may call an elder's family; it receives hand-overs, never sends them.
    "desk": frozenset(set(SCOPES) - {"records:verify", "records:write", "desk:handovers"}),
    "admin": frozenset(SCOPES),
}


@dataclass(frozen=True)
class Client:
    name: str
    token: str
    scopes: frozenset[str]


class ClientConfigError(ValueError):
    pass


def parse_clients(entries: tuple[str, ...]) -> tuple[Client, ...]:
    """``"name=token"`` or ``"name=token scope scope ..."`` → clients; refuses unknown scopes and empty tokens."""
    clients = []
    for entry in entries:
        name, _, rest = entry.partition("=")
        name, parts = name.strip(), rest.split()
        if not name or not parts:
            raise ClientConfigError(f"api client entry {name or '?'!r} needs the form client=token [scopes]")
        token, listed = parts[0], set(parts[1:])
        scopes = frozenset(listed) if listed else DEFAULT_SCOPES.get(name)
        if scopes is None:
            raise ClientConfigError(f"api client {name!r} is not a known client: list its scopes")
        unknown = scopes - set(SCOPES)
        if unknown:
            raise ClientConfigError(f"api client {name!r}: unknown scopes {sorted(unknown)}")
        clients.append(Client(name, token, scopes))
    tokens = [c.token for c in clients]
    if len(set(tokens)) != len(tokens):
        raise ClientConfigError("two api clients share a token: give each its own")
    return tuple(clients)
