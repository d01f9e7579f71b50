from sciezka.audit.registry import register

INSTITUTION_CREATED = register("accounts.institution_created", "An institution was created")
INSTITUTION_UPDATED = register("accounts.institution_updated", "An institution's data changed")
USER_CREATED = register("accounts.user_created", "A staff user was created")
USER_UPDATED = register("accounts.user_updated", "A staff user's data changed")
PASSWORD_CHANGED = register("accounts.password_changed", "A staff user's password was set")
MEMBERSHIP_GRANTED = register("accounts.membership_granted", "A user was given a role at an institution")
MEMBERSHIP_REVOKED = register("accounts.membership_revoked", "A user's role at an institution ended")
TOKEN_CREATED = register("accounts.token_created", "A personal API token was created")
TOKEN_REVOKED = register("accounts.token_revoked", "A personal API token was revoked")
