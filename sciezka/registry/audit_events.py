from sciezka.audit.registry import register

PERSON_CREATED = register("registry.person_created", "A person was entered into the registry")
PERSON_UPDATED = register("registry.person_updated", "A person's data changed")
PESEL_CHANGED = register(
    "registry.pesel_changed", "A person's PESEL changed; the old one is kept in the history"
)
REGISTRATION_CREATED = register(
    "registry.registration_created", "A registration at an institution was recorded"
)
REGISTRATION_ENDED = register("registry.registration_ended", "A registration ended")
HOUSEHOLD_CREATED = register("registry.household_created", "A household was recorded")
HOUSEHOLD_MEMBER_ADDED = register("registry.household_member_added", "A person joined a household")
NOTE_ADDED = register("registry.note_added", "A case note was written")
CERTIFICATE_ISSUED = register("registry.certificate_issued", "An e-certificate was issued")
IMPORT_FINISHED = register("registry.import_finished", "An import of persons finished")
