"""Cue words for claims, denials, modality and argument structure (data/lexicon/cues.toml)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from ..errors import DataError

_FIELDS = {
    "frames": ("reporting", "reporting_nouns", "denial", "denial_adjectives", "accusatory",
               "object_control", "condemning_adjectives", "event_anaphors"),
    "modality": ("negating_verbs", "negating_words", "future_aux", "future_verbs",
                 "future_adjectives", "hypothetical_aux", "hypothetical_verbs",
                 "hypothetical_adjectives", "hypothetical_marks"),
    "syntax": ("light_verbs", "target_preps", "bridge_nouns", "shelter_nouns", "stative_passives",
               "aspectual_verbs"),
    "words": ("agreement_nouns", "hosting_verbs", "convening_verbs", "mediating_verbs", "joint_modifiers", "not_event_heads",
              "quantity_nouns", "participation_verbs", "visit_lemmas", "state_descriptions",
              "pair_nouns", "speech_verbs", "currencies", "condition_marks",
              "offer_words", "proposal_nouns", "launch_verbs", "permit_verbs", "consent_verbs",
              "crowd_nouns", "state_nouns", "arrival_verbs",
              "concern_words", "collective_nouns", "threatened_values", "commitment_words",
              "destination_words", "verdict_words", "finding_verbs",
              "person_roles", "waters", "wielding_verbs", "organisation_nouns",
              "punitive_anaphors", "patron_participles", "transitive_only",
              "ethnic_nouns", "missive_nouns", "hostile_verbs"),
}  # fmt: skip


@dataclass(frozen=True)
class Cues:
    """Each field is a frozenset of lower-case lemmas (see cues.toml for what each means)."""

    reporting: frozenset[str]
    reporting_nouns: frozenset[str]
    denial: frozenset[str]
    denial_adjectives: frozenset[str]
    accusatory: frozenset[str]
    object_control: frozenset[str]
    condemning_adjectives: frozenset[str]
    event_anaphors: frozenset[str]
    negating_verbs: frozenset[str]
    negating_words: frozenset[str]
    future_aux: frozenset[str]
    future_verbs: frozenset[str]
    future_adjectives: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_verbs: frozenset[str]
    hypothetical_adjectives: frozenset[str]
    hypothetical_marks: frozenset[str]
    light_verbs: frozenset[str]
    target_preps: frozenset[str]
    bridge_nouns: frozenset[str]
    stative_passives: frozenset[str]
    aspectual_verbs: frozenset[str]
    agreement_nouns: frozenset[str]
    hosting_verbs: frozenset[str]
    joint_modifiers: frozenset[str]
    not_event_heads: frozenset[str]
    quantity_nouns: frozenset[str]
    participation_verbs: frozenset[str]
    visit_lemmas: frozenset[str]
    state_descriptions: frozenset[str]
    pair_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    currencies: frozenset[str]
    condition_marks: frozenset[str]
    offer_words: frozenset[str]
    shelter_nouns: frozenset[str]
    convening_verbs: frozenset[str]
    mediating_verbs: frozenset[str]
    proposal_nouns: frozenset[str]
    launch_verbs: frozenset[str]
    permit_verbs: frozenset[str]
    consent_verbs: frozenset[str]
    crowd_nouns: frozenset[str]
    state_nouns: frozenset[str]
    arrival_verbs: frozenset[str]
    concern_words: frozenset[str]
    commitment_words: frozenset[str]
    destination_words: frozenset[str]
    verdict_words: frozenset[str]
    finding_verbs: frozenset[str]
    person_roles: frozenset[str]
    waters: frozenset[str]
    wielding_verbs: frozenset[str]
    organisation_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    threatened_values: frozenset[str]
    punitive_anaphors: frozenset[str]
    patron_participles: frozenset[str]
    transitive_only: frozenset[str]
    ethnic_nouns: frozenset[str]
    missive_nouns: frozenset[str]
    hostile_verbs: frozenset[str]
    # [objects]: named classes of object nouns that trigger rows may require (``obj=``)
    objects: dict[str, frozenset[str]] = field(default_factory=dict)


def parse_cues(data: dict, path: str) -> Cues:
    """Validate the parsed TOML: known sections and keys, lists of lower-case strings."""
    values: dict[str, frozenset[str]] = {}
    for section, keys in _FIELDS.items():
        table = data.get(section)
        if not isinstance(table, dict):
            raise DataError(f"{path}: missing section [{section}]")
        unknown = set(table) - set(keys)
        if unknown:
            raise DataError(f"{path}: [{section}] unknown keys: {', '.join(sorted(unknown))}")
        for key in keys:
            words = table.get(key)
            if not isinstance(words, list) or not all(
                isinstance(w, str) and w == w.lower() and w.strip() for w in words
            ):
                raise DataError(f"{path}: [{section}] {key} must be a list of lower-case words")
            values[key] = frozenset(words)
    objects = data.get("objects", {})
    if not isinstance(objects, dict):
        raise DataError(f"{path}: [objects] must be a table of word lists")
    unknown = set(data) - set(_FIELDS) - {"objects"}
    if unknown:
        raise DataError(f"{path}: unknown sections: {', '.join(sorted(unknown))}")
    classes: dict[str, frozenset[str]] = {}
    for key, words in objects.items():
        if not isinstance(words, list) or not all(
            isinstance(w, str) and w == w.lower() and w.strip() for w in words
        ):
            raise DataError(f"{path}: [objects] {key} must be a list of lower-case words")
        classes[key] = frozenset(words)
    return Cues(**values, objects=classes)


@functools.lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The bundled cue lists (cached)."""
    ref = resources.files("armswatch") / "data" / "lexicon" / "cues.toml"
    return parse_cues(tomllib.loads(ref.read_text(encoding="utf-8")), "data/lexicon/cues.toml")
