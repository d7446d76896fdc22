"""Dependency-tree helpers shared by the rules: subjects, objects, clause chains.

These functions only read spaCy tokens; they know nothing of actors or event types.
"""

from __future__ import annotations

from collections.abc import Iterator

RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
VERBAL = {"VERB", "AUX"}


def is_verb(tok) -> bool:
    return tok.pos_ in VERBAL


def child(tok, *deps: str):
    """First child with one of the dependency labels."""
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def is_noun_object_of(tok, verb) -> bool:
    """The token is the verb's direct object, or a compound in it ("a mediation mission")."""
    obj = tok.head if tok.dep_ == "compound" else tok
    return tok.pos_ in ("NOUN", "PROPN") and obj.dep_ == "dobj" and obj.head.i == verb.i


def that_clause(tok) -> bool:
    """A finite clause opened by "that" alone, hung on a verb ("renewed its call on Monday
    that Baku open the road"; the model reads it as a complement or adverbial)."""
    marks = [c.lower_ for c in tok.children if c.dep_ == "mark"]
    return tok.dep_ in ("ccomp", "advcl") and marks == ["that"]


def pobj_of(prep):
    """The object of a preposition, looking through "according to", "such as"."""
    obj = child(prep, "pobj")
    if obj is not None:
        return obj
    inner = child(prep, "prep")
    return child(inner, "pobj") if inner is not None else None


def preps(tok) -> Iterator[tuple[str, object]]:
    """(preposition, object) pairs attached to a token, plus particles with objects."""
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and (c.pos_ == "ADP" or c.lower_ == "including"):
            obj = pobj_of(c)
            if obj is not None:
                yield c.lower_, obj
        elif c.dep_ == "prt":
            yield c.lower_, None


def takes_into_account(verb) -> bool:
    """ "take X into account / consideration": the verb only weighs X, it does not do X."""
    return any(
        p == "into" and o is not None and o.lemma_.lower() in ("account", "consideration")
        for p, o in preps(verb)
    )


def subject(verb, object_control: frozenset[str]) -> tuple[object | None, bool]:
    """The subject of a verb and whether the verb is passive (the subject is then the patient).

    Subjectless verbs inherit: conjuncts from their first conjunct, complements from the
    governing verb's subject ("Iran denies supplying") or object when the governing verb is
    object-control ("accused Russia of negotiating", "called on Iran to stop"), relative
    clauses from the noun they modify.
    """
    for step in range(6):
        for c in verb.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    return verb.head, False
                return c, False
            if c.dep_ in ("nsubjpass", "csubjpass"):
                # An inherited subject is the complement's agent even when the governing
                # verb is passive: "it was forced to turn to its allies".
                if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    return verb.head, step == 0
                return c, step == 0
        dep, head = verb.dep_, verb.head
        if head.i == verb.i:
            return None, False
        if dep == "conj" and is_verb(head):
            verb = head
            continue
        if dep == "pcomp" and head.dep_ == "prep" and head.lower_ == "for":
            # "imposed sanctions on Chinese firms for supplying parts", "thanked Iran for
            # sending drones": the reason is the object's doing, not the subject's
            obj = child(head.head, "dobj")
            if obj is not None and is_verb(head.head):
                inner = next(
                    (o for p, o in preps(obj) if p in ("on", "against", "upon") and o is not None),
                    None,
                )
                return inner if inner is not None else obj, False
        if dep == "pcomp" and head.dep_ in ("prep",):
            gov = head.head
        elif dep in ("xcomp", "ccomp", "advcl", "dobj", "csubj", "oprd", "acomp"):
            gov = head
            if gov.dep_ == "acomp" and not is_verb(gov):
                gov = gov.head  # "France is ready to contribute": the copula's subject
        elif dep == "relcl":
            return head, False
        elif dep == "acl":
            # "sanctions imposed on it" (participle: the noun is the patient) versus
            # "companies supplying drones" (the noun is the agent); a complement's agent all
            # the same: "firms accused of helping Moscow".
            return head, step == 0 and verb.tag_ == "VBN"
        else:
            return None, False
        if gov.lemma_.lower() in object_control and not (dep == "advcl" and verb.tag_ == "VBG"):
            # (but "condemned the deal, saying ...": a participle adjunct is the subject's)
            # ("called on Iran to stop" asks Iran; "called his counterpart to congratulate
            # him" is a phone call with a purpose)
            obj = child(gov, "dobj", "dative") if gov.lemma_.lower() != "call" else None
            if obj is None:
                for p, o in preps(gov):
                    if p in ("on", "upon") and o is not None:
                        obj = o
                        break
            if obj is not None:
                return obj, False
        if not is_verb(gov):
            return None, False
        verb = gov
    return None, False


def ancestors_in_sentence(tok, limit: int = 12) -> Iterator[tuple[object, object]]:
    """(ancestor, the child of it on the path from tok), walking up to the root."""
    cur = tok
    for _ in range(limit):
        if cur.head.i == cur.i:  # (spaCy makes a new Token object per access)
            return
        yield cur.head, cur
        cur = cur.head
