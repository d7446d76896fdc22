"""Repairs of eighteen attachment errors ``en_core_web_sm`` makes often in news sentences.

Runs as a pipeline component after the parser (see :mod:`armswatch.nlp`). Each repair is
narrow: some fire on patterns the grammar rules out (a finite verb coordinated with a bare
one, a preposition without its object); the others on clause patterns where, in news, the
model's attachment is nearly always the wrong one. ``tests/test_repairs.py`` checks each, and
that a small clause or a reported act stays as it is.
"""

from __future__ import annotations

FINITE = {"VBD", "VBZ", "VBP"}
CONTRAST_MARKS = {"while", "whereas"}
SUBORDINATORS = {"after", "before", "since", "as", "when", "until", "because", "once"}
# Verbs a speaker goes on with after reporting: "said Iran bore responsibility and called
# on Brussels to act" (lemmas; not acts the reported subject is as likely to do, like
# "threatened" or "demanded").
SPEAKER_ACTS = {"call", "urge", "appeal", "ask", "thank", "reiterate", "add", "insist", "stress"}
REPORTING = {"say", "tell", "state", "announce", "declare", "note", "write"}
# Verbs whose "of" names the charge: "accused X of ...", "suspected X of ...".
CHARGING = {"accuse", "suspect", "charge", "convict", "acquit", "blame"}
# Nouns of moving goods whose recipient follows with "to": "the sale of jets to Greece".
TRANSFER_NOUNS = {"sale", "delivery", "transfer", "shipment", "supply", "export", "provision"}


def repair_parse(doc):
    """Fix the doc's dependency tree in place; returns ``doc`` (a spaCy component)."""
    for tok in doc:
        if tok.dep_ == "ROOT" and tok.tag_ == "NNS":
            _headline_verb(tok)
        if tok.dep_ == "conj":
            _lift_finite_conjunct(tok)
            _lift_speaker_act(tok)
            _lower_bare_conjunct(tok)
            _bare_conjunct_to_noun(tok)
        elif tok.dep_ in ("advcl", "ccomp") and tok.tag_ == "VBN":
            _participle_to_noun(tok)
        elif tok.dep_ == "acl" and tok.tag_ == "VBN":
            _participle_to_verb(tok)
        if tok.dep_ == "advcl":
            _subject_from_marker(tok)
            _lift_contrast(tok)
            _lift_trailing_participle(tok)
        elif tok.dep_ == "prep" and tok.lower_ == "by":
            _lower_fronted_means(tok)
        elif tok.dep_ == "prep" and tok.lower_ == "as":
            _object_after_as(tok)
        elif tok.dep_ == "prep" and tok.lower_ == "of":
            _lift_charge(tok)
        elif tok.dep_ == "prep" and tok.lower_ == "to":
            _lower_recipient(tok)
            _up_to_amount(tok)
        if tok.dep_ in ("prep", "dative"):
            _fill_dangling_prep(tok)
        if tok.dep_ == "nsubj" and tok.tag_ == "VBG":
            _participle_off_subject(tok)
        elif tok.dep_ == "nsubj":
            _object_split_from_next_subject(tok)
    return doc


def _headline_verb(tok) -> None:
    """ "US sanctions Chinese and Indian firms over support for Russia": in a headline the
    plural noun between a name and an object is the verb ("sanctions", "warns", "attacks")."""
    subj = next((c for c in tok.children if c.dep_ == "compound" and c.i < tok.i), None)
    obj = next((c for c in tok.children if c.dep_ == "appos" and c.i > tok.i), None)
    if (
        subj is None
        or obj is None
        or subj.pos_ != "PROPN"
        or subj.i != tok.i - 1
        or any(c.dep_ == "det" for c in tok.children)
    ):
        return
    subj.dep_ = "nsubj"
    obj.dep_ = "dobj"
    tok.tag_, tok.pos_ = "VBZ", "VERB"
    tok.lemma_ = tok.lemma_.lower()


def _lower_fronted_means(tok) -> None:
    """ "Wang said by announcing another sale, the United States has violated ...": the means
    ("by announcing") belongs to the reported clause it opens, not to the saying."""
    if not any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in tok.children):
        return
    said = next(
        (
            c
            for c in tok.head.children
            if c.dep_ == "ccomp"
            and c.i > tok.i
            and any(k.dep_ == "nsubj" and k.i > tok.right_edge.i for k in c.children)
        ),
        None,
    )
    if said is not None:
        tok.head = said


def _subject_from_marker(tok) -> None:
    """ "Baku has accused France of bias since Azerbaijan retook the region": read as "since
    Azerbaijan" (a preposition), the clause loses its subject; the name right before a finite
    verb without one is its subject."""
    if tok.tag_ not in FINITE or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return
    for mark in tok.children:
        if mark.dep_ != "mark" or mark.lower_ not in SUBORDINATORS:
            continue
        subj = next((c for c in mark.children if c.dep_ == "pobj"), None)
        if subj is not None and subj.right_edge.i == tok.i - 1:
            subj.head = tok
            subj.dep_ = "nsubj"


def _up_to_amount(tok) -> None:
    """ "Rebels kidnapped up to 16 Russian advisers": "up to" bounds a number; the people are
    the verb's object, not the goal of a phrasal "kidnap up"."""
    doc = tok.doc
    up = doc[tok.i - 1] if tok.i > 0 else None
    verb = up.head if up is not None and tok.head.i == up.i else tok.head
    obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    num = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if (
        up is None
        or up.lower_ != "up"
        or up.dep_ != "prt"
        or up.head.i != verb.i
        or obj is None
        or num is None
        or num.like_num is False
        or num.head.i != obj.i
        or any(c.dep_ == "dobj" for c in verb.children)
    ):
        return
    obj.head, obj.dep_ = verb, "dobj"
    up.head, up.dep_ = num, "quantmod"
    tok.head, tok.dep_ = num, "quantmod"


def _fill_dangling_prep(tok) -> None:
    """ "granted asylum to five officers holed up in a residence": read as a clause "officers
    holed up", the preposition is left without its object; the noun is its object and the
    participle describes it."""
    if any(c.dep_ == "pobj" for c in tok.children) or tok.i + 1 >= len(tok.doc):
        return
    for clause in (*tok.children, *tok.head.children):
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if (
            clause.dep_ in ("advcl", "ccomp", "pcomp")
            and clause.tag_ in ("VBN", "VBD")  # (a participle the tagger may read as a past)
            and subj is not None
            and subj.left_edge.i == tok.i + 1
            and clause.i == subj.i + 1
        ):
            subj.head, subj.dep_ = tok, "pobj"
            clause.head, clause.dep_ = subj, "acl"
            return


def _lift_charge(tok) -> None:
    """ "Russia accused Serbian arms makers of supplying Ukraine": the charge ("of" with a
    gerund) belongs to the accusing verb, not to its object noun."""
    obj = tok.head
    verb = obj.head
    if (
        obj.dep_ == "dobj"
        and verb.lemma_.lower() in CHARGING
        and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in tok.children)
    ):
        tok.head = verb


def _object_after_as(tok) -> None:
    """ "Poland condemned as a crime Belarus's treatment of migrants": with the object moved
    after its "as" complement, the model hangs both nouns on "as"; the second is the verb's
    direct object."""
    verb = tok.head
    objs = [c for c in tok.children if c.dep_ == "pobj"]
    if verb.pos_ != "VERB" or any(c.dep_ == "dobj" for c in verb.children) or not objs:
        return
    if len(objs) == 2 and objs[1].left_edge.i == objs[0].right_edge.i + 1:
        objs[1].head, objs[1].dep_ = verb, "dobj"
        return
    # (or as an apposition with no comma: "as a crime Serbia's crackdown")
    appos = next((c for c in objs[0].children if c.dep_ == "appos"), None)
    if len(objs) == 1 and appos is not None and appos.left_edge.i == objs[0].i + 1:
        appos.head, appos.dep_ = verb, "dobj"


def _participle_off_subject(tok) -> None:
    """ "The Red Cross operating in Sudan said ...": the model makes the participle the
    subject and the organisation its subject; the noun is the subject, the participle
    describes it."""
    noun = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if noun is None or noun.pos_ not in ("NOUN", "PROPN") or noun.right_edge.i != tok.i - 1:
        return
    noun.head, noun.dep_ = tok.head, "nsubj"
    tok.head, tok.dep_ = noun, "acl"


def _object_split_from_next_subject(tok) -> None:
    """ "Russia attacked Kyiv and Iran sent drones": after a verb left without its object,
    the model reads "Kyiv and Iran" as the next verb's subject; the first name is the
    object, the second the subject."""
    if tok.i == 0:
        return
    verb = tok.doc[tok.i - 1]
    conj = next((c for c in tok.children if c.dep_ == "conj"), None)
    cc = next((c for c in tok.children if c.dep_ == "cc" and c.lower_ == "and"), None)
    if (
        conj is None
        or cc is None
        or verb.tag_ not in FINITE | {"VBN"}
        or verb.pos_ != "VERB"
        or tok.head.i == verb.i
        or tok.head.i < tok.i
        or tok.pos_ != "PROPN"
        or conj.pos_ != "PROPN"
        or any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "prep") and c.i != tok.head.i
            for c in verb.children
        )
        or cc.i != tok.i + 1
    ):
        return
    head = tok.head
    conj.head, conj.dep_ = head, "nsubj"
    cc.head = head
    tok.head, tok.dep_ = verb, "dobj"
    if head.head.i == verb.i and head.dep_ == "ccomp":
        head.dep_ = "conj"  # ("struck Beirut and Hezbollah fired": two clauses, not a report)


def _lower_recipient(tok) -> None:
    """ "Turkey criticised the planned sale of U.S. F-35 jets to Greece": the recipient right
    after a sale that is the verb's object belongs to the sale, not to the criticism."""
    verb = tok.head
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if (
        obj is not None
        and obj.lemma_.lower() in TRANSFER_NOUNS
        and obj.i < tok.i
        and obj.right_edge.i == tok.i - 1
    ):
        tok.head = obj


def _lift_trailing_participle(tok) -> None:
    """ "China launched drills, a day after Pelosi visited the island, firing missiles near
    Taiwan": a participle after a comma that closes a subordinate clause (after, before,
    as ...) goes with the main clause, not with the subordinate one."""
    head = tok.head
    if (
        tok.tag_ == "VBG"
        and tok.i > 0
        and tok.doc[tok.i - 1].text == ","
        and not any(c.dep_ in ("nsubj", "mark") for c in tok.children)
        and head.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in head.children)
        and head.head.pos_ in ("VERB", "AUX")
    ):
        tok.head = head.head


def _lift_contrast(tok) -> None:
    """ "Germany said it would deliver a battery, while the Netherlands pledged to buy shells":
    a contrasting clause with its own subject is the writer's, beside the report, not inside
    what Germany said."""
    head = tok.head
    if (
        head.dep_ == "ccomp"
        and head.head.pos_ == "VERB"
        and any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in tok.children)
        and any(c.dep_ == "nsubj" and c.pos_ != "PRON" for c in tok.children)
    ):
        tok.head = head.head


def _lift_finite_conjunct(tok) -> None:
    """ "The Kremlin warned that the aid would not change anything and accused Washington of
    ...": a finite verb cannot be coordinated with a bare verb after a modal; it is the
    reporting verb's conjunct (and its subject is the reporter's)."""
    head = tok.head
    if (
        tok.tag_ in FINITE
        and head.tag_ == "VB"
        and head.dep_ == "ccomp"
        and head.head.tag_ in FINITE
        and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    ):
        tok.head = head.head


def _lift_speaker_act(tok) -> None:
    """ "Kuleba said Iran bore full responsibility and called on Brussels to impose sanctions":
    an appeal coordinated with a reported verb goes on with the speaker, in the same tense."""
    head = tok.head
    if (
        tok.lemma_.lower() in SPEAKER_ACTS
        and tok.tag_ in FINITE
        and head.dep_ == "ccomp"
        and head.tag_ == tok.tag_
        and head.lemma_.lower() not in SPEAKER_ACTS
        and head.head.lemma_.lower() in REPORTING
        and head.head.tag_ == tok.tag_
        and any(c.dep_ == "nsubj" for c in head.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    ):
        tok.head = head.head


def _lower_bare_conjunct(tok) -> None:
    """ "We urge Russia to withdraw its troops, stop the shelling and ...": a bare verb cannot
    be coordinated with the finite "urge"; it continues the infinitive ("to withdraw")."""
    head = tok.head
    if tok.tag_ != "VB" or head.tag_ not in FINITE or tok.dep_ != "conj":
        return
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in tok.children):
        return
    inf = next((c for c in head.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
    if inf is not None and inf.i < tok.i:
        tok.head = inf


def _bare_conjunct_to_noun(tok) -> None:
    """ "approved the sale of 40 jets and upgrade kits for 79 more": a bare verb cannot be
    coordinated with the past "approved"; after "jets and" it is a noun modifying its
    "object", and that noun is the jets' conjunct."""
    head = tok.head
    if tok.tag_ != "VB" or tok.dep_ != "conj" or head.tag_ not in ("VBD", "VBZ"):
        return
    if tok.i < 2 or any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in tok.children):
        return
    doc = tok.doc
    cc, before = doc[tok.i - 1], doc[tok.i - 2]
    obj = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if (
        cc.dep_ != "cc"
        or before.pos_ not in ("NOUN", "PROPN")
        or before.i <= head.i
        or obj is None
        or obj.dep_ != "dobj"
        or obj.head.i != tok.i
        or obj.pos_ != "NOUN"
    ):
        return
    for c in list(tok.children):
        if c.i > obj.i:
            c.head = obj
    obj.head, obj.dep_ = before, "conj"
    cc.head = before
    tok.head, tok.dep_, tok.tag_, tok.pos_ = obj, "compound", "NN", "NOUN"


def _participle_to_verb(tok) -> None:
    """ "Israeli airstrikes killed 30 people in Gaza, officials said": read as "airstrikes
    [that were] killed", the reporting verb gets two subjects; "killed" with an object of its
    own is the reported clause's finite verb."""
    subj, verb = tok.head, tok.head.head
    if (
        subj.dep_ == "nsubj"
        and any(c.dep_ == "dobj" for c in tok.children)
        and any(c.dep_ == "nsubj" and c.i != subj.i for c in verb.children)
        and tok.i > subj.i
    ):
        subj.head = tok
        tok.head = verb
        tok.dep_, tok.tag_ = "ccomp", "VBD"


def _participle_to_noun(tok) -> None:
    """ "The EU listed 200 firms in China and Turkey accused of helping Moscow": a bare past
    participle right after the verb's object modifies that object, not the verb."""
    if tok.i == 0 or any(c.dep_ in ("mark", "aux", "auxpass", "nsubjpass") for c in tok.children):
        return
    verb = tok.head
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is not None:
        # "adding 200 companies, including firms in Turkey accused of ...": a participle has
        # no subject of its own; the "subject" is the verb's object the participle follows
        # ("considered itself entitled to": a small clause, left alone)
        if subj.right_edge.i != tok.i - 1 or tok.dep_ != "ccomp" or subj.pos_ != "NOUN":
            return
        subj.head = verb
        subj.dep_ = "dobj"
    # The nearest common noun whose phrase ends right before the participle: "including
    # firms in China and Turkey accused of ..." (firms)
    node = tok.doc[tok.i - 1]
    while node.i != verb.i and node.right_edge.i == tok.i - 1:
        if node.pos_ == "NOUN":
            tok.head = node
            tok.dep_ = "acl"
            return
        if node.head.i == node.i:
            break
        node = node.head
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.i > tok.i:
        return
    # Between the object and the participle only prepositional phrases of the verb may stand
    # ("firms in China and Turkey accused of ..."): they belong to the object too.
    between = sorted(
        (c for c in verb.children if c.dep_ == "prep" and obj.i < c.i < tok.i), key=lambda c: c.i
    )
    start = obj.right_edge.i + 1
    for c in between:
        if c.left_edge.i != start:
            return
        start = c.right_edge.i + 1
    if start != tok.i:
        return
    for c in between:
        c.head = obj
    tok.head = obj
    tok.dep_ = "acl"
