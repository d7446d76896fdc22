"""The rules: triggers, frames (claims, denials), modality, re-typing, transfer mentions.

Per parsed sentence, every token whose lemma is in the trigger lexicon is a candidate event.
Its source and target are read from the dependency parse by :mod:`.arguments` (active and
passive voice, nominal events with possessors and complements, light verbs such as "held
talks", control verbs such as "accused X of negotiating"). Walking up from the trigger finds
what frames it: reporting
verbs and "according to" (the speaker claims it), denial verbs (the denier denies it),
requests and threats (the event is only asked for), and modal cues (negated, future,
hypothetical). Rule ids name the path that fired; they are versioned with ``/1``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..lexicon.triggers import WEAPONS_CLASS, Trigger
from ..model import Actor, Span
from . import syntax as sx
from .arguments import PLACED, STANCE_TYPES, ArgumentRules, origins_of, purpose_clause
from .dates import is_temporal
from .mentions import SentenceActors

RECIPROCAL = {"CONSULT", "COOPERATE", "AGREE", "SUPPORT", "CONCEDE", "ASSAULT"}
# Frames whose complement is not asserted: "urged Iran to stop", "warned countries against".
NON_ASSERTING = {"REQUEST", "THREATEN"}
MODALITY_RANK = {"negated": 3, "hypothetical": 2, "future": 1, "actual": 0}
# How a reported clause hangs off its reporting verb ("said that ...", "..., he said").
REPORTED = {"ccomp", "xcomp", "dobj", "csubj", "parataxis", "conj", "oprd"}
FORCEFUL = {"SANCTION", "ASSAULT", "COERCE"}
PROMISABLE = {"AID", "COOPERATE", "SUPPORT", "RETREAT", "CONCEDE"}
ONE_SIDED_TYPES = {
    "CONCEDE",
    "RETREAT",
    "SANCTION",
    "REJECT",
    "MOBILIZE",
    "ASSAULT",
    "ACCUSE",
    "PROTEST",
    "COERCE",
    "THREATEN",
}
# Lemmas that make a weapon's nationality its maker's ("Iranian-made", "Turkish-built").
MAKING = {"make", "build", "manufacture", "produce", "design"}
# People in the street whose criticism is a protest.
PROTESTERS = {"demonstrator", "protester", "protestor", "marcher", "rioter", "crowd"}
# People sent to watch or check: hosting them lets them in (PLOVER RETREAT).
WATCHERS = {"observer", "monitor", "inspector", "investigator"}
# Verbs of drawing a reaction: "the strike drew criticism", "prompting condemnation".
ELICITING = {"draw", "prompt", "spark", "trigger", "provoke", "attract", "earn", "meet", "bring"}
# Verbs of making a pact oneself: "X and Y signed a treaty" is done together.
SIGNING = {
    "sign",
    "ink",
    "seal",
    "initial",
    "ratify",
    "conclude",
    "reach",
    "renew",
    "extend",
    "finalize",
    "finalise",
    "upgrade",
    "establish",
    "restore",
    "resume",
}
# Participles of holding ground: "the Houthi-held port" is hit in the Houthis' hands.
HOLDING = {"hold", "control", "occupy", "run"}
# Judicial and police acts: done in a state, they are that state's.
JUDICIAL_MODES = {"arrest", "deport", "allege", "investigate", "convict"}
# Verbs of a collective decision: "agreed to freeze assets" decides a sanction.
DECIDING = {"agree", "decide", "vote", "resolve"}
# Prepositions that give an act's reason or time, not its governor: modality stops there
# ("will pay for its attack", "agreed to deepen ties during Macron's visit").
REASON_PREPS = {"for", "over", "after", "since", "following", "despite", "amid", "during"}
MIN_WEIGHT = 0.35
MIN_WEIGHT_ONE_SIDED = 0.7


@dataclass
class Mention:
    """One event found in one sentence, before article-level merging."""

    type: str
    trigger: object  # spaCy token
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    rule: str
    confidence: float
    sentence: Span
    trigger_span: Span
    sent_index: int
    mode: str | None = None
    modality: str = "actual"
    claimed_by: list[Actor] = field(default_factory=list)
    denied_by: list[Actor] = field(default_factory=list)
    stage: str | None = None
    direction: str | None = None
    denial: bool = False  # this REJECT denies something
    denial_object: tuple[Actor, ...] = ()  # whose claims were denied, if named
    denies: list[Mention] = field(default_factory=list)  # events it denies in this sentence
    deniers: list = field(default_factory=list)  # denial-verb tokens governing this trigger
    date: str | None = None
    date_text: str | None = None
    suppressed: bool = False  # not an event by itself (e.g. asked for, warned against)
    one_sided: bool = False  # suppressed only for want of a counterpart
    weapons: list = field(default_factory=list)  # weapon matches in its arguments
    origin: tuple[Actor, ...] = ()  # nationality written on the weapons ("Iranian drones")
    # each origin's own weapons when several are named ("Chinese air defence and Russian jets")
    origin_weapons: dict[str, list] = field(default_factory=dict)
    stage_parent: Mention | None = None  # the outer trigger that sets the transfer stage
    stage_child: Mention | None = None  # the inner trigger whose weapons it reports
    nested_direction: str | None = None  # direction of an inner supply/buy verb
    transfer_modality: str | None = None  # before re-typing ("will supply" is AGREE, future)
    # the type of the act aimed at ("denounced the talks"); "*" an anaphor ("the move"),
    # "SUPPLY" arms offered or agreed ("the planned drone sales")
    object_event: str | None = None
    voiced_by: tuple[Actor, ...] = ()  # who spoke of it as given (not claimed)


@dataclass
class TransferMention:
    supplier: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    pair: tuple[Actor, ...]  # undirected parties when the direction is unknown
    stage: str
    items: tuple[str, ...]
    item_text: tuple[str, ...]
    modality: str
    claimed_by: list[Actor]
    denied_by: list[Actor]
    event: Mention
    sent_index: int
    makers: tuple[str, ...] = ()  # states that make the named weapons (orient a bare pair)


class SentenceRules(ArgumentRules):
    """Applies the rules to one parsed sentence."""

    def __init__(self, ctx, sa: SentenceActors, sent_index: int, sentence: Span, weapons=()):
        self.ctx = ctx  # the Extractor: lexicons, cues, knowledge base
        self.cues = ctx.cues
        self.sa = sa
        self.doc = sa.sent
        self.sent_index = sent_index
        self.sentence = sentence
        # token index -> the weapon match it starts inside (weapons: matches in this sentence)
        self._weapon_at: dict[int, object] = {}
        for tok in self.doc:
            start = sa.offset + tok.idx
            w = next((w for w in weapons if w.start <= start < w.end), None)
            if w is not None:
                self._weapon_at[tok.i] = w
        for tok in self.doc:
            w = self._weapon_at.get(tok.i)
            use = next((o for p, o in sx.preps(tok) if p == "for" and o is not None), None)
            if (
                w is not None
                and w.classes == ("components",)
                and use is not None
                and use.i not in self._weapon_at
            ):
                # "spare parts for its refineries": parts for something else than arms
                for i in [i for i, x in self._weapon_at.items() if x is w]:
                    del self._weapon_at[i]
        self.triggers: dict[int, object] = {}  # token index -> Trigger row
        self.mentions: dict[int, Mention] = {}
        self._sources: tuple[Actor, ...] | None = None
        self._voiced: dict[int, tuple[Actor, ...]] = {}  # presupposed events and who spoke
        self._demanded: set[int] = set()  # acts demanded of others or threatened (not done)

    # -- trigger detection ---------------------------------------------------------------
    def find_triggers(self) -> None:
        lex = self.ctx.triggers
        for tok in self.doc:
            if sx.is_verb(tok) and _predicates(tok, self.cues.denial_adjectives):
                # "considers the reports groundless", "dismissed them as fabricated"
                self.triggers[tok.i] = DENIAL_FRAME
                continue
            if (
                sx.is_verb(tok)
                and tok.lemma_.lower() not in self.cues.denial
                and _predicates(tok, self.cues.condemning_adjectives)
            ) or self._verdict(tok):
                # "Moscow called the sanctions illegal", "branded the drills provocative"
                self.triggers[tok.i] = CONDEMN_FRAME
                continue
            stance = next(
                (
                    STANCE_FRAMES[k]
                    for k, words in (
                        ("concern", self.cues.concern_words),
                        ("commitment", self.cues.commitment_words),
                    )
                    if tok.lower_ in words
                ),
                None,
            )
            if stance is not None and (
                tok.dep_ == "acomp"
                or tok.tag_ == "VBN"
                and any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
            ):
                # "Washington was concerned that Russia might help ...", "Seoul is worried
                # about the launches": the codebook's "expressed concern that Y" (ACCUSE);
                # "the US remains committed to Taiwan's defence": verbal backing (SUPPORT)
                self.triggers[tok.i] = stance
                continue
            if tok.pos_ in ("VERB", "AUX"):
                pos = "VERB"
            elif tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.lower_ == tok.text):
                pos = "NOUN"
            else:
                continue
            if any(m.kind != "agent" or pos == "NOUN" for m in self.sa.by_token.get(tok.i, ())):
                continue  # part of a name ("Security Council", "Defense Ministry")
            if pos == "NOUN" and _definite_organisation(tok, self.cues.organisation_nouns):
                continue  # "join the alliance": an organisation, not an act of allying
            rows = lex.lookup(tok.lemma_.lower(), pos)
            if not rows:
                continue
            if (
                pos == "NOUN"
                and self._is_weapon(tok)
                and all(r.type == "ASSAULT" for r in rows)
                and not any(c.lower_ == "suicide" for c in tok.children)
            ):
                continue  # "strategic bombers fly a joint patrol": aircraft, not attackers
            if (
                pos == "NOUN"
                and tok.dep_ == "compound"
                and (
                    tok.head.lemma_.lower() in self.cues.not_event_heads
                    or self._is_weapon(tok.head)
                )
            ):
                continue  # "launch complex", "strike drones", "test site"
            if pos == "NOUN" and tok.lemma_.lower() in self.cues.quantity_nouns:
                inner = [o for p, o in sx.preps(tok) if p == "of" and o is not None]
                inner += [c for c in tok.children if c.dep_ == "compound"]
                if any(lex.lookup(o.lemma_.lower(), "NOUN") for o in inner):
                    continue  # ("a package of sanctions", "a sanctions package": the sanctions)
            row = self._choose(tok, rows)
            if (
                pos == "VERB"
                and tok.lemma_.lower() in self.cues.transitive_only
                and sx.child(tok, "dobj", "nsubjpass") is None
            ):
                continue  # "negotiators return to Geneva": a trip, not a handover
            if row is not None and row.direction == "recipient_subject" and pos == "VERB":
                obj = sx.child(tok, "dobj")
                said = lex.lookup(obj.lemma_.lower(), "NOUN") if obj is not None else ()
                if said and all(r.type in STANCE_TYPES | {"AGREE"} for r in said):
                    continue  # "received assurances", "got an invitation": words, not goods
            if row is None or (
                row.weight < MIN_WEIGHT
                and self._arriving_forces(tok) is None
                and not self._phone_call(tok)
            ):
                # (a weak word, unless it moves forces, "troops arrived in Estonia", or is a
                # call to someone, "Erdogan called Putin")
                continue
            if (
                tok.lemma_.lower() in self.cues.reporting
                and not row.obj  # ("established ties": the object makes it an act)
                and (
                    row.type not in ("ACCUSE", "REJECT", "THREATEN", "REQUEST") or row.weight < 0.6
                )
            ):
                continue  # "X said", "Y claimed": a frame, not an event by itself
            self.triggers[tok.i] = row

    def _choose(self, tok, rows):
        if any(r.obj for r in rows):
            things = self._object_tokens(tok)
            # ("ended mediation efforts": the kind of effort decides)
            objs = {t.lemma_.lower() for t in things} | {
                c.lemma_.lower()
                for t in things
                if t.lemma_.lower() in ("effort", "process", "initiative", "attempt")
                for c in t.children
                if c.dep_ == "compound"
            }
            # (obj=weapons: "used North Korean missiles", "used one of the drones")
            armed = sx.is_verb(tok) and any(self._is_weapon(t) for t in things)
            fitting = [
                r
                for r in rows
                if r.obj and (armed if r.obj == WEAPONS_CLASS else objs & self.cues.objects[r.obj])
            ]
            if fitting:
                return max(fitting, key=lambda r: r.weight)
            rows = [r for r in rows if not r.obj]
        particles = {
            c.lower_
            for c in tok.children
            if c.dep_ in ("prep", "prt", "agent", "dative") and not _says_when(c)
        }  # ("called Putin on Sunday" is no "call on")
        with_prep = [r for r in rows if r.prep and r.prep in particles]
        plain = [r for r in rows if not r.prep]
        pool = with_prep or plain
        if not pool:
            return None
        return max(pool, key=lambda r: r.weight)

    # -- argument structure --------------------------------------------------------------
    # -- weapons -------------------------------------------------------------------------
    def modality(self, tok) -> tuple[str, str]:
        """(modality, cue): the strongest cue on the trigger or on the verbs governing it."""
        best, cue = "actual", ""
        chain = [tok]
        reported = means = False
        before = tuple(t.lower_ for t in tok.doc[max(tok.i - 2, 0) : tok.i])
        if before in (("rather", "than"), ("instead", "of")):
            return "negated", before[1]  # ("repositioning rather than withdrawing")
        if _shares_aux(tok):
            # "would close the consulate and expel its staff": a bare verb after "and" shares
            # the first verb's auxiliary, and so its modality
            return self.modality(tok.head)
        for anc, via in sx.ancestors_in_sentence(tok):
            if _shares_aux(via):
                chain.append(anc)  # ("will deploy missiles and hold drills": shared "will")
                continue
            if via.dep_ == "conj" and anc.dep_ in ("xcomp", "ccomp") and sx.is_verb(anc):
                continue  # "declined to confirm or deny": the conjuncts share their governor
            if (
                anc.lemma_.lower() in self.cues.reporting
                or anc.lemma_.lower() in self.cues.denial
                or (via.dep_ in ("ccomp", "parataxis") and sx.is_verb(anc))
            ):
                reported = anc.lemma_.lower() in self.cues.reporting
                break
            if via.dep_ in ("conj", "appos", "nsubj", "nsubjpass", "relcl", "advcl", "acl"):
                break
            if (
                via.dep_ == "prep"
                and via.lower_ == "for"
                and via.i > 0
                and via.doc[via.i - 1].lower_ in ("exchange", "return")
            ):
                # "ready to free hostages in exchange for an Israeli withdrawal": a condition
                return "hypothetical", anc.text
            if via.dep_ == "prep" and via.lower_ in REASON_PREPS:
                break  # "Iran will pay for its attack": the reason is no future act
            if via.dep_ == "prep" and via.lower_ == "by":
                means = True
            if means and anc.lemma_.lower() in ("try", "attempt", "seek"):
                continue  # "was trying to evade sanctions by buying shells": bought all the same
            chain.append(anc)
        for node in chain:
            lemma = node.lemma_.lower()
            found = None
            if node.i != tok.i or not sx.is_verb(tok):
                particle = next((c.lower_ for c in node.children if c.dep_ == "prt"), "")
                if lemma in self.cues.negating_verbs or (
                    f"{lemma} {particle}" in self.cues.negating_verbs  # "ruled out sending"
                ):
                    found = "negated"
                    if any(c.dep_ == "neg" for c in node.children):
                        if particle:
                            # "did not rule out developing cooperation": left open
                            best, cue = "hypothetical", node.text
                        # ("would not stop their attacks": they go on)
                        continue
                elif lemma in self.cues.hypothetical_verbs or (
                    node.dep_ == "acomp" and lemma in self.cues.hypothetical_adjectives
                ):  # ("was willing to strike")
                    found = "hypothetical"
                elif (
                    lemma in self.cues.future_verbs
                    and node.i != tok.i
                    # "committed war crimes", "undertook a mediation mission": a support verb
                    # with its event noun is the act itself, not a promise of it
                    and not (lemma in self.cues.light_verbs and sx.is_noun_object_of(tok, node))
                ):
                    found = "future"
            for c in node.children:
                w = c.lower_
                if c.dep_ == "neg" or (w in ("not", "never", "n't") and c.dep_ == "advmod"):
                    found = "negated"
                elif c.dep_ == "aux" and w in self.cues.future_aux:
                    found = found or "future"
                elif c.dep_ == "aux" and w == "to" and node.dep_ == "ROOT" and node.tag_ == "VB":
                    found = found or "future"  # a headline's "Germany to send tanks to Ukraine"
                elif c.dep_ == "aux" and w in self.cues.hypothetical_aux:
                    f = "future" if w == "would" and reported else "hypothetical"
                    if w in ("can", "must") and not any(k.dep_ == "neg" for k in node.children):
                        f = None
                    if f and (found is None or MODALITY_RANK[f] > MODALITY_RANK[found]):
                        found = f
                elif c.dep_ in ("amod", "advmod") and node.pos_ == "NOUN" or c.dep_ == "advmod":
                    if w in self.cues.hypothetical_adjectives:
                        found = found or "hypothetical"
                    elif w in self.cues.future_adjectives:
                        found = found or "future"
                elif c.dep_ == "mark" and w in self.cues.hypothetical_marks:
                    found = "hypothetical"
                elif c.dep_ == "conj" and c.lemma_.lower() in self.cues.negating_verbs:
                    found = "negated"  # "attempted to transport ... but failed"
            if found and MODALITY_RANK[found] > MODALITY_RANK[best]:
                best, cue = found, node.text
        return best, cue

    def frames(self, tok, source: tuple[Actor, ...]) -> tuple[list[Actor], list, bool, bool]:
        """(claimers, denial mentions governing it, suppressed, is_reported) for a trigger."""
        claimers: list[Actor] = []
        deniers: list = []
        suppressed = False
        src_codes = {a.code for a in source}

        def claim(actors):
            for a in actors:
                if a.code not in src_codes and a.code not in {c.code for c in claimers}:
                    claimers.append(a)

        # A nominal event that is the subject of the reported clause, or the object of a
        # complaint, is taken as given rather than claimed: "the deliveries of Turkish drones
        # may destabilize the region, Peskov said", "complained over its sale of drones".
        presupposed = False
        for anc, via in sx.ancestors_in_sentence(tok):
            lemma = anc.lemma_.lower()
            row = self.triggers.get(anc.i)
            if (
                lemma in self.cues.permit_verbs
                and lemma != "enable"
                and via.dep_ in ("xcomp", "ccomp")
                and sx.is_verb(tok)
                and tok.i not in self._weapon_at
            ):
                # "Biden allowed Ukraine to strike inside Russia": a permission is the event,
                # the strike is not yet one
                suppressed = True
            if (
                not sx.is_verb(tok)
                and via.dep_ in ("nsubj", "nsubjpass")
                and via.i <= tok.i
                # ("shipments of shells have continued, according to Seoul": asserted)
                and lemma not in self.cues.aspectual_verbs
            ):
                presupposed = presupposed or via.i == tok.i or not sx.is_verb(via)
            if (
                row is not None
                and anc.i != tok.i
                and row.type in ("ACCUSE", "THREATEN")
                and not sx.is_verb(tok)
                and via.dep_ == "prep"
                and (
                    sx.pobj_of(via) is not None
                    and not sx.is_verb(sx.pobj_of(via))
                    # ("concern about deepening military cooperation": the cooperation is given)
                    or any(c.dep_ == "pcomp" and sx.child(c, "dobj") == tok for c in via.children)
                )
            ):
                presupposed = True
            if (
                presupposed
                and (row is None or row.type not in ("REJECT",))
                and (lemma in self.cues.reporting or row is not None)
            ):
                if lemma in self.cues.denial or (row is not None and row.type == "REJECT"):
                    deniers.append(anc)
                elif sx.is_verb(anc) and (
                    lemma in self.cues.reporting or row.type in ("ACCUSE", "THREATEN")
                ):
                    # not a claim, but the speaker voices it (criticism of a given fact)
                    subj, passive = sx.subject(anc, self.cues.object_control)
                    if not passive:
                        self._voiced[tok.i] = self.actors(subj)
                continue
            if row is not None and anc.i != tok.i:
                if (lemma in self.cues.denial or row is DENIAL_FRAME) and via.dep_ != "conj":
                    # ("deny any arms transfers but have pledged cooperation": the pledge is
                    # told, not denied)
                    deniers.append(anc)
                    continue
                if (
                    row.type in NON_ASSERTING
                    and (
                        via.dep_ in ("xcomp", "ccomp", "prep", "pcomp", "dobj")
                        # ("its demand that Israel ease restrictions")
                        or via.dep_ == "acl"
                        and not sx.is_verb(anc)
                        # ("called on Brussels to impose sanctions", parsed as a purpose)
                        or via.dep_ == "advcl"
                        and any(c.lower_ == "to" for c in via.children)
                    )
                    and not (row.type == "THREATEN" and via.dep_ == "ccomp")
                ):
                    suppressed = True
                if row.type in ("ACCUSE", "THREATEN") and via.dep_ in (
                    "ccomp",
                    "prep",
                    "pcomp",
                    "xcomp",
                    "dobj",
                    "acl",
                ):
                    subj, passive = (
                        sx.subject(anc, self.cues.object_control)
                        if sx.is_verb(anc)
                        else (None, False)
                    )
                    if sx.is_verb(anc):
                        claim(self.actors(subj) if not passive else self._punisher(anc))
                    else:
                        claim(self._noun_owner(anc))
                    continue
            if (
                via.dep_ == "conj"
                and sx.is_verb(via)
                and (lemma in self.cues.reporting or row is not None)
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in via.children)
            ):
                # "Vilnius accused Moscow of sabotage, and the EU sanctioned GRU officers": a
                # clause with its own subject is told, not part of the accusation
                break
            if lemma in self.cues.reporting and sx.is_verb(anc) and via.dep_ in REPORTED:
                subj, passive = sx.subject(anc, self.cues.object_control)
                if passive:
                    agent = next((o for p, o in sx.preps(anc) if p == "by"), None)
                    claim(self.actors(agent))
                else:
                    claim(self.actors(subj))
            elif (
                lemma in self.cues.reporting_nouns
                and anc.pos_ == "NOUN"
                and via.dep_ in ("acl", "ccomp", "relcl", "prep", "appos")
            ):
                gov, _ = self._governor(anc)
                denied = gov is not None and gov.lemma_.lower() in self.cues.denial
                # The denier of "claims that ..." is not their author.
                claim(self._noun_owner(anc, use_governor=not denied))
                if denied:
                    deniers.append(gov)
        if not presupposed:
            claim(self.sentence_sources())
            if not claimers:
                claim(self.sa.quote_speaker)  # a quotation continued from the last sentence
        if any(not _private(a) for a in claimers):
            # A broker's word relayed by a government is the government's claim.
            claimers = [a for a in claimers if not _private(a)]
        return claimers, deniers, suppressed, bool(claimers)

    def sentence_sources(self) -> tuple[Actor, ...]:
        """Sources named for the whole sentence: "according to X", "citing X", "..., X said"
        hanging off the root (computed once per sentence)."""
        if self._sources is not None:
            return self._sources
        found: list[Actor] = []
        for t in self.doc:
            got: tuple[Actor, ...] = ()
            if t.lower_ == "according" and t.dep_ == "prep":
                obj = sx.pobj_of(t)
                # "according to information revealed by U.S. intelligence"
                got = self.actors(obj) or (
                    self._noun_owner(obj, use_governor=False) if obj is not None else ()
                )
            elif t.lower_ == "citing" and t.dep_ in ("advcl", "prep", "xcomp", "acl"):
                obj = sx.child(t, "dobj", "pobj")
                if obj is not None and self._names_a_source(obj):
                    # ("citing Israel's military edge" gives a reason, not a source)
                    got = self.actors(obj)
            elif t.dep_ == "parataxis" and t.lemma_.lower() in self.cues.reporting:
                got = self.actors(sx.subject(t, self.cues.object_control)[0])
            elif (
                # "North Korea has sent troops, South Korea's spy agency said": the parser
                # often coordinates the trailing report with the main clause, or reads it as
                # a relative clause of the noun before the comma ("since the coup, a UN
                # expert said")
                (t.dep_ == "conj" and t.head.dep_ == "ROOT" or t.dep_ == "relcl")
                and t.lemma_.lower() in self.cues.reporting
                and (subj := sx.child(t, "nsubj")) is not None
                and subj.pos_ != "PRON"
                and subj.left_edge.i > 0
                and self.doc[subj.left_edge.i - 1].text == ","
            ):
                got = self.actors(subj)
            elif (
                # "..., South Korea's spy agency said", "..., a panel of UN experts said": the
                # speaker parsed into the clause before it (an apposition), leaving the
                # reporting verb without a subject
                t.lemma_.lower() in self.cues.reporting
                and sx.is_verb(t)
                and t.i > 1
                and sx.child(t, "nsubj", "nsubjpass") is None
                and self.doc[t.i - 1].pos_ in ("NOUN", "PROPN")
                and (speaker := self._phrase_before(t)) is not None
            ):
                got = self.actors(speaker)
            found.extend(a for a in got if a.code not in {f.code for f in found})
        self._sources = tuple(found)
        return self._sources

    def _phrase_before(self, t):
        """The noun phrase between a comma and ``t`` ("..., a panel of UN experts said"), or
        None."""
        prev = self.doc[t.i - 1]
        if t.dep_ == "acl":
            return None  # ("firms in China, India and Turkey accused of ...": a participle)
        for node in (prev, *prev.ancestors):
            if node.right_edge.i != t.i - 1 or node.i >= t.i or node.dep_ == "conj":
                return None
            if (
                node.pos_ in ("NOUN", "PROPN")
                and node.left_edge.i > 0
                and self.doc[node.left_edge.i - 1].text == ","
            ):
                return node
        return None

    def _names_a_source(self, tok) -> bool:
        """A phrase that can be cited as a source: a name, an agent ("officials", "the
        ministry"), not a thing someone owns ("Israel's edge")."""
        own, sector = self.sa.own(tok)
        return (
            bool(own)
            or sector is not None
            or tok.pos_ == "PROPN"
            or (tok.lemma_.lower() in self.cues.bridge_nouns)
        )

    # -- putting it together -------------------------------------------------------------
    def absorbed(self, tok) -> bool:
        """A trigger noun that is the object of another (non-light) trigger is part of it."""
        if sx.is_verb(tok):
            return False
        gov, how = self._governor(tok)
        if gov is None or how in ("nsubj", "conj", None):
            return False
        if how in ("prep:during", "prep:after", "prep:before", "prep:following"):
            return False  # ("agreed to cooperate during Macron's visit": the visit is its own)
        if (
            how in ("prep:at", "prep:despite", "prep:upon")
            and self.triggers[tok.i].type == "REQUEST"
        ):
            return False  # ("met at Israel's request", "despite requests from Kyiv")
        return gov.i in self.triggers and gov.lemma_.lower() not in self.cues.light_verbs

    def light_with_noun(self, tok) -> bool:
        """A light verb with a trigger-noun object ("held talks") yields to the noun."""
        if not sx.is_verb(tok):
            return False
        row = self.triggers.get(tok.i)
        if tok.lemma_.lower() not in self.cues.light_verbs:
            if row is None or row.type not in ("SUPPORT", "AGREE"):
                return False
            # "endorsed the sanctions package", "approved strikes": the noun is the event; but
            # "Pyongyang supports Moscow's war" backs someone else's act.
            subject = {a.code for a in self.actors(sx.subject(tok, self.cues.object_control)[0])}
            for c in tok.children:
                if c.dep_ in ("dobj", "attr"):
                    inner = [c, *[k for k in c.children if k.dep_ == "compound"]]
                    owner = {a.code for k in c.children if k.dep_ == "poss" for a in self.actors(k)}
                    if owner - subject:
                        return False
                    if any(
                        k.i in self.triggers and self.triggers[k.i].type in FORCEFUL for k in inner
                    ):
                        return True
            return False
        for c in tok.children:
            if c.dep_ not in ("dobj", "attr"):
                continue
            if c.i in self.triggers or any(
                k.dep_ == "compound" and k.i in self.triggers for k in c.children
            ):  # ("undertook a mediation mission")
                return True
            if c.lemma_.lower() in self.cues.quantity_nouns:
                of = next((p for p in c.children if p.dep_ == "prep" and p.lower_ == "of"), None)
                obj = sx.pobj_of(of) if of is not None else None
                if obj is not None and obj.i in self.triggers:
                    return True
        return False

    def run(self) -> list[Mention]:
        self.find_triggers()
        for i in list(self.triggers):
            tok = self.doc[i]
            if self.light_with_noun(tok):
                del self.triggers[i]
        out: list[Mention] = self._accusations() + self._demands()
        for i, row in self.triggers.items():
            tok = self.doc[i]
            if row in STANCE_FRAMES.values():
                source, target, rule = self._stance_arguments(tok, row)
            else:
                source, target, rule = self.arguments(tok, row)
            if (
                row.type in ("PROTEST", "ACCUSE")
                and source
                and not {a.code for a in target} - {a.code for a in source}
            ):
                # "demonstrations against abuses by the Kosovo police", "marched in defiance
                # of Beijing": aimed at the author of what is opposed
                target = tuple(
                    a for a in self._opposed_author(tok) if a.code not in {x.code for x in source}
                )
            if row.type in ("ASSAULT", "COERCE") and not target:
                # "shelled Ukrainian-held villages", "struck the Houthi-held port": a place is
                # hit in the hands of whoever holds it
                target = tuple(
                    a for a in self._holders(tok) if a.code not in {x.code for x in source}
                )
            elicited = None
            if row.type in ("ACCUSE", "PROTEST") and not sx.is_verb(tok) and not target:
                # "blocked the funds, prompting criticism from Poland", "Israel's strike drew
                # condemnation from the UN": aimed at whoever did what drew it
                elicited = self._elicitor(tok)
                if elicited is not None and not source:
                    # ("drew criticism from the UN": the reaction's authors hang on the verb)
                    source = self._prep_actors(self._governor(tok)[0], ("from",))
                if isinstance(elicited, tuple):
                    target = tuple(a for a in elicited if a.code not in {x.code for x in source})
            host = self._host(tok, target) if rule == "noun.between/1" else ()
            if host and self._offered(tok):
                # "is ready to host talks between Kyiv and Moscow": the host's offer to both
                source, rule = host, "noun.hosted/1"
                host = ()
            if row.type == "ACCUSE" and not source and (punisher := self._punisher(tok)):
                # "sanctions on firms in China accused of supplying Russia": the sanctioning
                # state is the accuser
                source, rule = punisher, "verb.accused-punished/1"
            if row is CONDEMN_FRAME and not target:
                # "found the journalist guilty", "called the Americans reckless": the one judged
                judged = next((c for c in tok.children if c.dep_ == "ccomp"), None)
                if judged is not None:
                    target = self.actors(sx.child(judged, "nsubj"))
            source, target = _dedupe(source), _dedupe(target)
            # "missiles struck Kyiv, killing five", "launched an attack on Kharkiv, killing
            # seven": the killing is the strike's
            strike = (
                next(
                    (
                        t
                        for t in (tok.head, sx.child(tok.head, "dobj"))
                        if t is not None and t.i in self.triggers
                    ),
                    None,
                )
                if tok.dep_ == "advcl" and tok.tag_ == "VBG" and row.type == "ASSAULT"
                else None
            )
            if strike is not None and self.triggers[strike.i].type == "ASSAULT":
                hs, ht, _ = self.arguments(strike, self.triggers[strike.i])
                source, target = source or _dedupe(hs), target or _dedupe(ht)
            if row.mode in JUDICIAL_MODES and not source and (sx.is_verb(tok) or target):
                # "a Canadian was arrested in Lebanon", "two diplomats were charged in Poland",
                # "was put under investigation in Italy": only a state does that on its soil
                gov = None if sx.is_verb(tok) else self._governor(tok)[0]
                place = self._prep_actors(tok, ("in",)) or (
                    self._prep_actors(gov, ("in",)) if gov is not None else ()
                )
                source = tuple(a for a in place if a.code not in {x.code for x in target})
            if row.type in PLACED or row.type == "MOBILIZE":
                # ("Palestinians rallied in Gaza": no one else is the target; "massed troops
                # along its border": no move against itself)
                target = tuple(a for a in target if a.code not in {x.code for x in source})
            if (
                row.type in RECIPROCAL
                and not target
                and len({a.code for a in source}) >= 2
                and row.mode != "third-party"  # (co-mediators do not talk to each other)
                and (self._done_together(tok, row) or _each_other(tok))
            ):
                target = source
            elif (
                row.type in ("AGREE", "SUPPORT")
                and source
                and target
                and self._with_partner(tok, target)
            ):
                # "signed a deal with Turkey", "agreed with Israel": done together.
                target = source = _dedupe(source + target)
            speakers, deniers, suppressed, _ = self.frames(tok, ())
            if row.direction == "target_subject":
                # "America and Britain will pay a heavy price," a Houthi spokesman said: the
                # speaker threatens the subject
                target = source
                source = tuple(a for a in speakers if a.code not in {t.code for t in target})
                if not source and tok.dep_ == "ccomp":
                    # "Netanyahu vowed that Iran would pay a heavy price": the vower's threat
                    vower = self.actors(sx.subject(tok.head, self.cues.object_control)[0])
                    source = tuple(a for a in vower if a.code not in {t.code for t in target})
                speakers = []
            # A party's own word is not a claim about it: the source's, and for aid and
            # transfers the recipient's too ("Lukashenko said Belarus would buy missiles").
            parties = {a.code for a in source} | (
                # ("agreed to sell tanks to Romania, officials in Bucharest said": the buyer's)
                {a.code for a in target} if row.type == "AID" or row.stage else set()
            )
            claimers = [a for a in speakers if a.code not in parties]
            if elicited is not None:
                claimers = []  # (a reaction drawn is told, not part of what anyone said)
            modality, cue = self.modality(tok)
            if row.direction == "target_subject":
                modality, cue = "actual", ""  # the threat is made now; the price comes later
            if cue:
                rule = rule.replace("/1", f"+{modality}/1")
            transfer_modality = modality
            etype = row.type
            lemma = tok.lemma_.lower()
            if (
                etype == "THREATEN"
                and lemma == "warn"
                and sx.child(tok, "ccomp") is not None
                and sx.child(tok, "dobj", "dative") is None
            ):
                # "Paris warned that Moscow is buying drones": a claim against Russia; but
                # "warned that the embargo will be widened if Tehran ships more missiles" is a
                # threat aimed at Iran.
                said = sx.child(tok, "ccomp")
                hinge = self._condition_actors(said, depth=1)
                warned_of_actors = self.actors(sx.subject(said, self.cues.object_control)[0])
                warned_of = {a.code for a in warned_of_actors}
                if hinge:
                    target, rule = hinge, "verb.warn-if/1"
                elif (
                    said.i in self.triggers and self.triggers[said.i].direction == "target_subject"
                ) or getattr(sx.child(said, "dobj"), "lemma_", "") in self.cues.objects[
                    "consequences"
                ]:
                    # "warned that America would face consequences": a threat against America
                    target = self.actors(sx.subject(said, self.cues.object_control)[0])
                    rule = "verb.warn-consequences/1"
                elif warned_of and warned_of <= {a.code for a in (*source, *speakers)}:
                    # "the Kremlin warned that Russia would respond": its own threat, no charge
                    target, rule = (), "verb.warn-own/1"
                elif not warned_of and self._act_warned_against(said):
                    # "warned that any military intervention would be considered a declaration
                    # of war": a threat against whoever would act
                    target, rule = (), "verb.warn-against-act/1"
                elif any(
                    t.lemma_.lower() == "target" and t.dep_ in ("attr", "oprd", "pobj")
                    for t in said.subtree
                ):
                    # "warned that countries hosting the jets could become targets"
                    target = tuple(a for a in warned_of_actors if a.code not in
                                   {x.code for x in source})  # fmt: skip
                    rule = "verb.warn-target/1"
                elif (
                    warned_of
                    and (act := sx.subject(said, self.cues.object_control)[0]) is not None
                    and act.i in self.triggers
                    and any(
                        c.dep_ == "aux" and c.lower_ in ("would", "will") for c in said.children
                    )
                    and any(
                        t.lemma_.lower() in self.cues.objects["consequences"]
                        for t in said.subtree
                        if t.dep_ in ("dobj", "pobj")
                    )
                ):
                    # "warned that any Israeli retaliation would be met with a crushing
                    # response": a threat against the ones who would act
                    target = tuple(
                        a for a in self.actors(act) if a.code not in {x.code for x in source}
                    )
                    rule = "verb.warn-against-act/1"
                elif (
                    said.i in self.triggers
                    and self.triggers[said.i].type in FORCEFUL
                    and sx.subject(said, self.cues.object_control)[1]
                    and any(
                        c.dep_ == "aux" and c.lower_ in self.cues.hypothetical_aux | {"will"}
                        for c in said.children
                    )
                ):
                    # "warned that any airfield hosting the jets would be struck": a blow
                    # announced against whatever it names
                    target = tuple(a for a in warned_of_actors if a.code not in
                                   {x.code for x in source})  # fmt: skip
                    rule = "verb.warn-strike/1"
                    self._demanded.add(said.i)  # (the blow is the threat's content, not done)
                else:
                    etype, rule = "ACCUSE", "verb.warn-that/1"
            if (
                row.direction == "recipient_subject"
                and etype == "AID"
                and lemma in self.cues.hosting_verbs
            ):
                guest = self._objects_plain(tok)
                goods = self._object_tokens(tok)  # ("received a first batch of J-10C jets")
                if guest and not any(self._is_weapon(x) for t in goods for x in t.subtree):
                    # "Kim received Lavrov": a visit, not a delivery; "received a mission of
                    # OSCE observers": letting monitors in (PLOVER RETREAT)
                    watchers = {t.lemma_.lower() for t in goods} & WATCHERS
                    etype, rule = (
                        ("RETREAT", "verb.receive-observers/1")
                        if watchers
                        else ("CONSULT", "verb.receive-guest/1")
                    )
                    source, target = (
                        self.actors(sx.subject(tok, self.cues.object_control)[0]),
                        guest,
                    )
            if (
                etype == "SUPPORT"
                and lemma in self.cues.hosting_verbs
                and target
                and all(a.kind == "person" for a in target)
                and getattr(sx.child(tok, "dobj"), "pos_", "") == "PROPN"  # (not "Reagan's plan")
            ):
                # "Putin welcomed Kim at the spaceport": a host greeting a visitor (but
                # "welcomed the decision" is backing)
                etype, rule = "CONSULT", "verb.receive-guest/1"
            forces = self._arriving_forces(tok) if etype in ("CONSULT", "MOBILIZE") else None
            if forces is not None:
                # "NATO troops arrived in Estonia": a deployment there, not a visit; troops that
                # come to keep the peace are military aid to the host (codebook AID)
                source = self._forces_owner(forces)
                target = tuple(
                    a
                    for a in (self._prep_actors(tok, ("in", "to", "into")) or self._place(tok))
                    if a.code not in {x.code for x in source}
                )
                etype = "AID" if self._is_peacekeeping(forces) else "MOBILIZE"
                rule = "verb.forces-arrive/1"
            crowd = self._crowd(tok) if etype == "PROTEST" else False
            if crowd and not source:
                # "Thousands rallied in Tehran against the US": local people protest where they
                # live (a name, not "in the capital")
                place = self._place(tok) or (
                    self._place(tok.head) if tok.dep_ in ("xcomp", "advcl", "conj") else ()
                )
                if place:
                    source, rule = place, "verb.crowd-in-place/1"
                    target = tuple(a for a in target if a.code not in {x.code for x in place})
            if (
                etype == "PROTEST"
                and lemma == "protest"
                and source
                and target
                and any(a.kind != "person" for a in source)
                and not crowd
            ):
                # "Serbia lodged a protest with Albania": a diplomatic complaint, not a street
                # protest
                etype, rule = "ACCUSE", "noun.diplomatic-protest/1"
            if etype in ("MOBILIZE", "ASSAULT") and (
                any(
                    c.lemma_.lower() in self.cues.joint_modifiers
                    for c in tok.children
                    if c.dep_ in ("amod", "compound")
                )
                or etype == "MOBILIZE"
                and len({a.code for a in source}) >= 2
                and not target
            ):
                # "joint air patrol", "joint exercises": cooperation among the participants.
                etype, rule = "COOPERATE", "noun.joint/1"
                if len({a.code for a in source}) >= 2:
                    target = source
            if (
                etype in ("AID", "MOBILIZE")
                and sx.is_verb(tok)
                and getattr(sx.child(tok, "dobj"), "lemma_", "") in self.cues.missive_nouns
            ):
                # "Biden sent a message to Netanyahu", "dispatched an envoy to Moscow"
                etype, rule = "CONSULT", "verb.missive/1"
            left = sx.child(tok, "dobj") if sx.is_verb(tok) else None
            if (
                etype == "RETREAT"
                and lemma in ("quit", "leave", "exit", "withdraw")
                and target
                and all(a.kind == "igo" for a in target)
                # the organisation itself is left, not troops withdrawn from its mission
                and (
                    left is None or {a.code for a in self.actors(left)} == {a.code for a in target}
                )
            ):
                # "Mali, Burkina Faso and Niger quit ECOWAS": leaving a bloc cuts ties
                etype, rule = "SANCTION", "verb.quit-bloc/1"
            if (
                etype == "REQUEST"
                and lemma in ("order", "instruct", "tell", "give")
                and any(
                    c.dep_ == "xcomp" and c.lemma_.lower() in ("leave", "depart", "quit", "exit")
                    for c in tok.children
                )
            ):
                # "ordered the French ambassador to leave the country": an expulsion
                etype, rule = "SANCTION", "verb.ordered-out/1"
            if etype in ("MOBILIZE", "AID") and self._sends_investigators(tok):
                # "the IAEA dispatched inspectors to Iran", "sent a team to Bosnia to
                # investigate": an investigation (codebook ACCUSE) of the host
                etype, rule = "ACCUSE", rule.split(".")[0] + ".investigators/1"
            if etype == "MOBILIZE" and any(
                self._is_peacekeeping(t) for t in self._object_tokens(tok)
            ):
                # "deployed peacekeepers to Lebanon": troops sent to keep the peace are
                # military aid to the host (codebook AID)
                etype, rule = "AID", rule.split(".")[0] + ".peacekeepers/1"
            refusal = (
                etype in ("AGREE", "SUPPORT")
                and modality == "negated"
                and lemma in self.cues.consent_verbs
                and any(
                    c.dep_ == "aux" and (c.lower_ in self.cues.future_aux or c.lower_ == "would")
                    for c in tok.children
                )
            )
            if refusal:
                # "Syria will not accept more refugees", "said it would not agree to a truce":
                # a declared refusal (REJECT), unlike "has not agreed yet"
                etype, modality, rule = "REJECT", "actual", "verb.refusal/1"
                target = tuple(a for a in target if a.code not in {x.code for x in source})
            if (
                etype in FORCEFUL
                and not sx.is_verb(tok)
                and tok.dep_ == "pobj"
                and tok.head.lower_ == "of"
                and tok.head.head.lemma_.lower() == "threat"
            ):
                # "despite the threat of U.S. sanctions": threatened, not imposed
                etype, rule = "THREATEN", "noun.threat-of/1"
            inner = next((o for p, o in sx.preps(tok) if p == "of" and o is not None), None)
            if (
                lemma == "threat"
                and inner is not None
                and inner.i in self.triggers
                and self.triggers[inner.i].type in FORCEFUL
            ):
                suppressed = True  # ("faces the threat of sanctions": the sanctions tell whose)
            if (
                etype == "AGREE"
                and lemma in ("vow", "pledge", "promise", "swear")
                and any(
                    c.dep_ == "xcomp" and c.lemma_.lower() in self.cues.hostile_verbs
                    for c in tok.children
                )
            ):
                # "Israel has vowed to prevent Iran from acquiring nuclear weapons": a threat
                etype, rule = "THREATEN", "verb.hostile-vow/1"
            if etype == "ACCUSE" and self._voiced_by_crowd(tok):
                # "protesters marched on the embassy to voice their anger at Britain's
                # policy": criticism voiced in the street is a protest
                etype, rule = "PROTEST", rule.split(".")[0] + ".crowd-voice/1"
            vowed = False
            unless = self._condition_actors(tok, marks=("unless",))
            if modality == "future" and unless and etype != "THREATEN":
                # "will withdraw its force from Chad unless Goukouni arranges a ceasefire":
                # an announced act made conditional on the other side's conduct is a threat.
                etype, modality, rule = "THREATEN", "actual", "verb.unless/1"
                target = target or tuple(
                    a for a in unless if a.code not in {x.code for x in source}
                )
            elif (
                etype in FORCEFUL
                and modality == "hypothetical"
                and (target or unless)
                and any(self._condition_clauses(tok, depth=1))
                and self._own_word(tok, source)
            ):
                # "the EU may halt its mediation between Serbia and Kosovo if the talks fail",
                # "could suspend aid to Egypt if Cairo buys Russian jets": a blow held out on a
                # condition is a threat
                etype, modality, rule = "THREATEN", "actual", "verb.conditional-force/1"
                target = target or tuple(
                    a for a in self._condition_actors(tok) if a.code not in {x.code for x in source}
                )
            elif etype == "SANCTION" and modality == "future" and self._decided(tok):
                # "the EU agreed on Thursday to freeze the assets of ...": a decision taken is
                # the sanction (as a vote imposing sanctions is), not a threat of one
                modality, rule = "actual", "verb.decided-sanction/1"
            elif etype == "ASSAULT" and modality == "future" and self._readied(tok):
                # "the army prepared to resume shelling rebel-held territory": forces made
                # ready, a mobilisation rather than a verbal threat
                etype, modality, rule = "MOBILIZE", "actual", "verb.readied/1"
            elif (
                (etype in FORCEFUL or etype == "PROTEST" and lemma == "boycott")
                and modality == "future"
                and not claimers
            ):
                # "China will take countermeasures", "said they would boycott all contact with
                # Washington": an announced blow is a threat.
                etype, modality, rule = "THREATEN", "actual", "verb.future-force/1"
                if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ("vow", "swear", "threaten"):
                    vowed = True  # "the Houthis vowed to retaliate": a threat even unaimed
            elif (
                etype in PROMISABLE
                and modality == "future"
                and {a.code for a in speakers} <= {a.code for a in source}
                # ("Russia and Belarus will hold joint exercises": planned, not promised; "Australia
                # will buy submarines": the buyer's plan is no promise by the seller)
                and {a.code for a in source} != {a.code for a in target}
                and row.direction != "recipient_subject"
            ):
                # "Moscow will help Pyongyang build satellites," Putin said: stated intent to
                # provide is a promise (AGREE); the transfer keeps its own stage.
                etype, modality, rule = "AGREE", "actual", "verb.future-promise/1"
            elif etype in PROMISABLE | {"CONSULT"} and modality != "negated" and self._offered(tok):
                # "Putin offered to negotiate with Armenia", "France is ready to contribute
                # troops": an offer is a promise (AGREE) to the act's counterpart.
                etype, modality, rule = "AGREE", "actual", "verb.offer/1"
            if etype == "THREATEN" and not target:
                # "threatened to stop the talks if the United States deploys missiles"
                target = tuple(
                    a for a in self._condition_actors(tok) if a.code not in {x.code for x in source}
                )
            steady = rule.startswith("noun.state")  # ("on alert": a posture, reliably)
            if etype == "CONSULT" and self._phone_call(tok):
                steady, rule = True, "verb.phone-call/1"
            weight = (
                max(row.weight, 0.8)
                if vowed or refusal or steady or forces is not None
                else row.weight
            )
            downed = row.prep == "down" or lemma == "down"  # ("shot down", "downed")
            if downed and not target:
                # "shot down a missile fired by the Houthis", "downed Iranian drones": aimed
                # at whoever launched them
                target = tuple(
                    a for a in self._launcher(sx.child(tok, "dobj")) if a.code not in
                    {x.code for x in source}
                )  # fmt: skip
            # ("fired ballistic missiles into waters near Taiwan": a show of force there)
            at_sea = any(
                p in ("into", "in") and o is not None and o.lemma_.lower() in self.cues.waters
                for p, o in sx.preps(tok)
            )
            aimed = any(
                p in ("at", "on", "against") and o is not None and not is_temporal(o)
                for p, o in sx.preps(tok)
            )
            if (
                etype == "MOBILIZE"
                and target
                and aimed
                and lemma in self.cues.launch_verbs
                and self._is_weapon(sx.child(tok, "dobj") or tok)
            ):
                # "launched drones at Ukrainian cities": an attack, not a deployment
                etype, rule = "ASSAULT", "verb.launch-at/1"
            if (
                etype in ("ASSAULT", "MOBILIZE")
                and (not target or at_sea)
                and not downed  # (an interception is no test)
                and lemma in self.cues.launch_verbs
                and (
                    self._is_weapon(sx.child(tok, "dobj") or tok)
                    or any(c.lemma_.lower() == "test" for c in tok.children)
                )
                # ("fired shells at positions near the border": aimed at someone unnamed)
                and not any(
                    p in ("at", "on", "against") and o is not None and not is_temporal(o)
                    for p, o in sx.preps(tok)
                )
            ):
                # "test-fired two ballistic missiles into the sea", "launched a cruise
                # missile": a launch at no one is a weapons test
                etype, rule, weight = "MOBILIZE", "verb.weapons-test/1", max(weight, 0.8)
            conf = weight * (0.55 + 0.25 * bool(source) + 0.2 * bool(target))
            one_sided = not _sides_ok(etype, weight, source, target)
            # ("marched to protest against X": the march is the protest, said with its aim)
            aim_of_protest = (
                etype == "PROTEST"
                and tok.head.i in self.triggers
                and self.triggers[tok.head.i].type == "PROTEST"
            )
            # ("its defence treaty with Manila covers attacks ...": a pact in force described,
            # not one made here)
            described = (
                etype in ("AGREE", "SUPPORT")
                and not sx.is_verb(tok)
                and tok.dep_ in ("nsubj", "nsubjpass")
                and tok.head.i not in self.triggers
                and tok.head.lemma_.lower() not in self.cues.light_verbs
                and tok.lemma_.lower() in self.cues.agreement_nouns
            )
            if (
                one_sided
                or described
                or (purpose_clause(tok) and not aim_of_protest)
                or (etype == "THREATEN" and self._endangers(tok))
                # ("an arson attack", "a drone strike": the head noun is the event)
                or (
                    tok.dep_ == "compound"
                    and tok.head.i in self.triggers
                    and self.triggers[tok.head.i].type == etype
                )
                or (modality == "hypothetical" and not (source and target))
            ):  # (a one-sided possibility says too little to be an event)
                suppressed = True  # ("approved a sale ... to support the Hawk system")
            m = Mention(
                type=etype,
                mode=row.mode,
                trigger=tok,
                source=source,
                target=target,
                modality=modality,
                claimed_by=claimers,
                denied_by=[],
                rule=rule,
                confidence=conf,
                sentence=self.sentence,
                trigger_span=self.sa.span(tok),
                sent_index=self.sent_index,
                stage=row.stage,
                direction=row.direction,
                suppressed=suppressed
                or self.absorbed(tok)
                or i in self._demanded
                or self._demanded_clause(tok),
                one_sided=one_sided and not self.absorbed(tok) and not purpose_clause(tok),
                transfer_modality=transfer_modality,
                voiced_by=self._voiced.get(tok.i, ()),
            )
            if (
                row is DENIAL_FRAME
                or tok.lemma_.lower() in self.cues.denial
                or (
                    row.type == "REJECT"
                    and any(
                        c.lemma_.lower()
                        in ("claim", "allegation", "accusation", "report", "charge", "suggestion")
                        for c in tok.children
                    )
                )
            ):
                m.denial = modality != "negated"  # ("declined to deny": no denial)
                obj = sx.child(tok, "dobj")
                if obj is not None and obj.lemma_.lower() in self.cues.reporting_nouns:
                    m.denial_object = tuple(
                        a
                        for a in self._noun_owner(obj, use_governor=False)
                        if a.code not in {x.code for x in source}
                    )
                if m.denial_object and not m.target:
                    m.target = m.denial_object
            m.deniers = deniers  # resolved once all mentions of the sentence exist
            if elicited == "*":
                m.object_event = "*"  # ("the decision drew condemnation": the act told before)
            elif etype in ("ACCUSE", "SUPPORT", "REJECT") and not m.denial:
                m.object_event = self._object_event(tok)
            elif etype == "THREATEN" and not m.target:
                # "warned that the move could have grave consequences", "warned that the drills
                # would be met with the toughest counteraction": aimed at their authors
                said = sx.child(tok, "ccomp")
                subj = sx.child(said, "nsubj", "nsubjpass") if said is not None else None
                if subj is not None and subj.i in self.triggers:
                    # ("the drills": the act just reported, whatever it was coded as)
                    definite = any(c.lower_ in ("the", "this", "these") for c in subj.children)
                    m.object_event = "*" if definite else self.triggers[subj.i].type
                elif self._object_event(tok) == "*":
                    m.object_event = "*"
            self.mentions[i] = m
            out.append(m)
            if host and etype == "CONSULT" and not m.suppressed:
                # "Qatar hosted talks between Hamas and Israel": the host meets both sides too
                out.append(replace(m, source=host, rule="noun.hosted/1", one_sided=False))
            if etype == "COERCE" and row.mode == "seize":
                out.extend(self._seized_shipment(tok, m))
            if etype in ("MOBILIZE", "ASSAULT") and lemma in self.cues.wielding_verbs:
                out.extend(self._foreign_weapons(tok, m))
            if row.obj == WEAPONS_CLASS and etype == "AID" and m.target and not m.suppressed:
                # "Russia used North Korean missiles against Ukraine": also the attack
                weapons = sx.child(tok, "dobj")
                hit = self._prep_actors(tok, ("against", "on", "at"), cooperative=False) or (
                    self._prep_actors(weapons, ("against", "on", "at"), cooperative=False)
                    if weapons is not None
                    else ()
                )
                if hit:
                    attack = self._frame_mention(
                        "ASSAULT", tok, m.target, hit, "verb.used-against/1"
                    )
                    attack.modality, attack.claimed_by = m.modality, list(m.claimed_by)
                    out.append(attack)
        self._transfer_context(out)
        for m in out:
            if m.type in ("ACCUSE", "REJECT"):
                continue  # "denies the allegations": the allegation noun is not a denied event
            for d in m.deniers:
                dm = self.mentions.get(d.i)
                if dm is not None and dm.modality != "negated":  # ("declined to deny": none)
                    dm.denial = True
                    dm.denies.append(m)
                    for a in dm.source:
                        if a.code not in {x.code for x in m.denied_by}:
                            m.denied_by.append(a)
        return out

    def _seized_shipment(self, tok, m: Mention) -> list[Mention]:
        """ "The Navy seized Iranian-made missile parts bound for the Houthis": the seizure
        is aimed at the shipper, and the shipment itself is a delivery (codebook: "seized en
        route"), reported as AID with its transfer."""
        cargo = sx.child(tok, "dobj", "nsubjpass") if sx.is_verb(tok) else None
        if cargo is None or not any(self._is_weapon(t) for t in cargo.subtree):
            return []
        origin = self._weapon_origin(tok)
        bound = self._destination(cargo)
        seizers = {a.code for a in m.source}
        if not m.target:
            m.target = tuple(a for a in (origin or bound) if a.code not in seizers)
            if m.target and m.one_sided:
                m.one_sided = m.suppressed = False
        if not (origin and bound):
            return []
        shipment = self._frame_mention("AID", tok, origin, bound, "verb.seized-shipment/1")
        shipment.stage, shipment.mode = "delivery", "military"
        shipment.modality, shipment.transfer_modality = m.modality, m.modality
        shipment.claimed_by = list(m.claimed_by)
        return [shipment]

    def _launcher(self, weapon) -> tuple[Actor, ...]:
        """Who fired or sent a weapon: "a missile fired by the Houthis", "Iranian drones"."""
        if weapon is None:
            return ()
        for c in weapon.children:
            if c.dep_ == "acl":
                agent = next((o for p, o in sx.preps(c) if p == "by" and o is not None), None)
                if agent is not None:
                    return self.actors(agent)
        if any(t.lemma_.lower() in MAKING for t in weapon.subtree):
            return ()  # ("Iranian-made drones": the maker, not who launched them)
        return self._weapon_origin(weapon)

    def _verdict(self, tok) -> bool:
        """ "The board found Iran in breach of its obligations", "declared him guilty"."""
        if not sx.is_verb(tok) or tok.lemma_.lower() not in self.cues.finding_verbs:
            return False
        words = self.cues.verdict_words
        if any(c.dep_ == "ccomp" and c.lemma_.lower() in words for c in tok.children):
            return True  # ("found the journalist guilty": a small clause)
        if sx.child(tok, "dobj") is None:
            return False
        return _predicates(tok, words) or any(
            p == "in" and o is not None and o.lemma_.lower() in words for p, o in sx.preps(tok)
        )

    def _foreign_weapons(self, tok, m: Mention) -> list[Mention]:
        """ "Kyiv deployed Turkish-made drones", "Russia fired North Korean missiles at
        Kharkiv": weapons in use by their user came from their maker (codebook: delivery),
        an AID with its transfer."""
        weapon = sx.child(tok, "dobj") if sx.is_verb(tok) else None
        if weapon is None or not self._is_weapon(weapon) or not m.source:
            return []
        users = {a.code for a in m.source}
        makers = tuple(a for a in self._weapon_origin(weapon) if a.code not in users)
        if not makers:
            return []
        supply = self._frame_mention("AID", tok, makers, m.source, "verb.foreign-weapons/1")
        supply.stage, supply.mode = "delivery", "military"
        supply.modality, supply.transfer_modality = m.modality, m.modality
        supply.claimed_by = list(m.claimed_by)
        return [supply]

    def _act_warned_against(self, said) -> bool:
        """The reported clause is about a forceful act that may come: "any intervention would
        be ...", "an attack will be met with ..."."""
        subj = sx.subject(said, self.cues.object_control)[0]
        row = self.triggers.get(subj.i) if subj is not None else None
        hedged = any(
            c.dep_ == "aux" and (c.lower_ in self.cues.future_aux or c.lower_ == "would")
            for c in said.children
        )
        return row is not None and row.type in FORCEFUL | {"MOBILIZE"} and hedged

    def _endangers(self, tok) -> bool:
        """ "The pact threatens peace in the region": a danger described, not a threat."""
        obj = sx.child(tok, "dobj") if sx.is_verb(tok) else None
        return obj is not None and obj.lemma_.lower() in self.cues.threatened_values

    def _stance_arguments(self, tok, row):
        """Who holds the stance (the copula's or the passive's subject) and towards whom: the
        subject of a "that" clause, or the one named after the frame's prepositions ("about
        North Korea's launches", "committed to the defence of the Philippines")."""
        holder = tok.head if tok.dep_ == "acomp" else tok
        source = self.actors(sx.subject(holder, self.cues.object_control)[0])
        target: tuple[Actor, ...] = ()
        for c in tok.children:
            if c.dep_ == "ccomp" and any(
                k.dep_ == "mark" and k.lower_ == "that" for k in c.children
            ):
                target = self.actors(sx.subject(c, self.cues.object_control)[0])
            elif c.dep_ in ("prep", "agent") and c.lower_ in STANCE_PREPS[row.lemma]:
                obj = sx.pobj_of(c)
                if obj is not None and not self._is_weapon(obj):
                    target = self._prep_actors(tok, (c.lower_,)) or self._noun_owner(
                        obj, use_governor=False
                    )
            if target:
                break
        return (
            source,
            tuple(a for a in target if a.code not in {x.code for x in source}),
            f"adj.{row.lemma}/1",
        )

    def _phone_call(self, tok) -> bool:
        """ "Erdogan called Putin", "called his Russian counterpart": a call to a person (not
        "called on X to", "called for X", "called the move illegal")."""
        if not sx.is_verb(tok) or tok.lemma_.lower() != "call":
            return False
        if any(
            c.dep_ in ("prt", "oprd", "ccomp")
            or (c.dep_ == "prep" and c.lower_ in ("on", "upon", "for") and not _says_when(c))
            for c in tok.children
        ):
            return False
        obj = sx.child(tok, "dobj")
        if obj is None or any(c.dep_ in ("oprd", "attr", "acomp") for c in obj.children):
            return False
        actors = self.actors(obj)
        return bool(actors) and (
            any(a.kind == "person" for a in actors) or obj.lemma_.lower() in self.cues.person_roles
        )

    def _arriving_forces(self, tok):
        """The forces that arrive or land ("NATO troops arrived in Estonia"), else None."""
        if not sx.is_verb(tok) or tok.lemma_.lower() not in self.cues.arrival_verbs:
            return None
        return self._moved_forces(sx.subject(tok, self.cues.object_control)[0])

    def _crowd(self, tok) -> bool:
        """Whether the ones protesting are unnamed people ("thousands of people", "protesters
        in Tbilisi", "students") or not said at all."""
        subj, passive = sx.subject(tok, self.cues.object_control)
        if passive:
            return False
        if subj is None:
            return True
        heads = [subj, *(o for p, o in sx.preps(subj) if p == "of" and o is not None)]
        return any(h.lemma_.lower() in self.cues.crowd_nouns for h in heads)

    def _object_event(self, tok) -> str | None:
        """The type of the act a stance is about: "denounced the talks" (CONSULT), "called
        the sanctions illegal" (SANCTION); "*" for an anaphoric "the move", "this decision"."""
        if not sx.is_verb(tok):
            # "expressed frustration with the decision", "anger over the strikes"
            obj = next(
                (o for p, o in sx.preps(tok) if p in ("with", "over", "at", "about") and o),
                None,
            )
        else:
            obj = sx.child(tok, "dobj")
        if obj is None and sx.is_verb(tok):
            # "called the sanctions illegal": the subject of the small clause
            for c in tok.children:
                if c.dep_ in ("ccomp", "xcomp") and obj is None:
                    obj = sx.child(c, "nsubj")
        if obj is None:
            return None
        if obj.i in self.triggers:
            row = self.triggers[obj.i]
            if row.stage and any(
                c.dep_ == "amod" and c.lower_ in self.cues.future_adjectives for c in obj.children
            ):
                return "SUPPLY"  # ("the planned drone sales": a supply offered or agreed)
            return row.type
        if obj.lemma_.lower() in self.cues.event_anaphors and any(
            c.dep_ in ("det", "poss") for c in obj.children
        ):
            return "SANCTION" if obj.lemma_.lower() in self.cues.punitive_anaphors else "*"
        return None

    def _punisher(self, tok) -> tuple[Actor, ...]:
        """For a passive "accused of" describing those punished ("sanctions on firms accused
        of supplying Russia", "arrested two men accused of spying"), whoever punishes them."""
        if not (sx.is_verb(tok) and tok.dep_ == "acl" and tok.tag_ == "VBN"):
            return ()
        for anc in tok.ancestors:
            m = self.mentions.get(anc.i)
            if m is not None and m.type in ("SANCTION", "COERCE") and m.source:
                return m.source
        # ("the EU adopted its package of sanctions, adding firms accused of ...")
        punishers = {
            tuple(a.code for a in m.source): m.source
            for m in self.mentions.values()
            if m.type == "SANCTION" and m.source and m.trigger.i < tok.i
        }
        return next(iter(punishers.values())) if len(punishers) == 1 else ()

    def _voiced_by_crowd(self, tok) -> bool:
        """Whether the nearest subject above the trigger is a crowd of protesters."""
        for node in (tok, *tok.ancestors):
            if not sx.is_verb(node):
                continue
            subj, _ = sx.subject(node, self.cues.object_control)
            if subj is not None:
                return subj.lemma_.lower() in PROTESTERS
        return False

    def _readied(self, tok) -> bool:
        """Whether an attack is what forces are made ready for: "prepared to resume shelling",
        "is poised to strike"."""
        for anc, via in sx.ancestors_in_sentence(tok):
            if via.dep_ not in ("xcomp", "pcomp", "prep", "dobj", "acomp"):
                return False
            if anc.lemma_.lower() in ("prepare", "poise", "gear", "ready"):
                return True
        return False

    def _sends_investigators(self, tok) -> bool:
        """Whether a verb sends people to look into something: inspectors, investigators,
        or anyone sent "to investigate"."""
        if not sx.is_verb(tok):
            return False
        sent = {t.lemma_.lower() for t in self._object_tokens(tok)}
        purpose = any(
            c.dep_ in ("xcomp", "advcl")
            and c.lemma_.lower() in ("investigate", "inspect", "probe", "examine")
            for c in tok.children
        )
        return purpose or bool(sent & {"inspector", "investigator", "fact-finder"})

    def _decided(self, tok) -> bool:
        """Whether the act is what someone decided ("agreed to freeze assets", "decided to
        impose sanctions"), in the past or now, not "will decide"."""
        verb = tok
        if not sx.is_verb(tok):
            gov, how = self._governor(tok)
            if gov is None or how != "dobj" or gov.lemma_.lower() not in self.cues.light_verbs:
                return False
            verb = gov
        return (
            verb.dep_ == "xcomp"
            and verb.head.lemma_.lower() in DECIDING
            and not any(c.dep_ == "aux" for c in verb.head.children)
        )

    def _elicitor(self, tok):
        """Whose act drew a reaction noun ("drew criticism", "prompting condemnation"): the
        actors, "*" for an anaphoric act ("the decision"), or None."""
        gov, how = self._governor(tok)
        if gov is None or how != "dobj" or gov.lemma_.lower() not in ELICITING:
            return None
        subj, passive = sx.subject(gov, self.cues.object_control)
        if subj is None or passive:
            return None
        if subj.i in self.triggers or subj.lemma_.lower() in self.cues.event_anaphors:
            owner = self._noun_owner(subj, use_governor=False)
            return owner or "*"
        return self.actors(subj) or None

    def _holders(self, tok) -> tuple[Actor, ...]:
        """Who holds the place an act hits: "Houthi" in "the Houthi-held port"."""
        places = [sx.child(tok, "dobj")] + [o for p, o in sx.preps(tok) if p in ("on", "at")]
        for place in places:
            for m in place.children if place is not None else ():
                if m.dep_ == "amod" and m.tag_ == "VBN" and m.lemma_.lower() in HOLDING:
                    found = tuple(
                        a for k in m.children if k.dep_ in ("npadvmod", "compound")
                        for a in self.actors(k)
                    )  # fmt: skip
                    if found:
                        return found
        return ()

    def _opposed_author(self, tok) -> tuple[Actor, ...]:
        """Who did what a protest or complaint opposes: the owner or agent of the act in its
        "against"/"over" phrase, or whoever is defied ("in defiance of X")."""
        pairs = [(c.lower_, sx.child(c, "pobj")) for c in tok.children if c.dep_ == "prt"]
        for p, o in [*sx.preps(tok), *pairs]:  # ("complained over": read as a particle)
            if o is None:
                continue
            if p in ("against", "over") and o.pos_ == "NOUN":
                found = self._noun_owner(o, use_governor=False)
                if found:
                    return found
            if p == "in" and o.lemma_.lower() == "defiance":
                found = self._prep_actors(o, ("of",))
                if found:
                    return found
        return ()

    def _demanded_clause(self, tok) -> bool:
        """A "that" clause after a demand the verb voices is asked for, not done: "renewed
        its call on Monday that Baku open the road"."""
        if not sx.that_clause(tok):
            return False
        obj = sx.child(tok.head, "dobj")
        return (
            obj is not None
            and obj.i < tok.i
            and obj.i in self.triggers
            and self.triggers[obj.i].type == "REQUEST"
        )

    def _own_word(self, tok, source) -> bool:
        """Whether the act is told by its own actor or by the article, not by someone else:
        "could strike if ..., Lavrov said", but not "..., analysts said"."""
        for anc, via in sx.ancestors_in_sentence(tok):
            if anc.lemma_.lower() in self.cues.reporting and via.dep_ in REPORTED:
                subj, _ = sx.subject(anc, self.cues.object_control)
                said = {a.code for a in self.actors(subj)}
                return bool(said) and said <= {a.code for a in source}
        return True

    def _host(self, tok, parties) -> tuple[Actor, ...]:
        """Who hosts a meeting between others: the subject of "host" / "convene" / "organise"
        whose object the meeting noun is, when not one of the parties."""
        gov, how = self._governor(tok)
        if gov is None or how != "dobj" or gov.lemma_.lower() not in self.cues.convening_verbs:
            return ()
        subj, passive = sx.subject(gov, self.cues.object_control)
        if passive:
            return ()
        own = {a.code for a in parties}
        return tuple(a for a in self.actors(subj) if a.code not in own)

    def _offered(self, tok) -> bool:
        """Whether a verb trigger is the act offered: "offered to mediate", "is willing to
        withdraw"."""
        if not sx.is_verb(tok):
            gov, how = self._governor(tok)  # "offered to host talks"
            if gov is None or how != "dobj" or gov.lemma_.lower() not in self.cues.light_verbs:
                return False
            tok = gov
        if tok.dep_ != "xcomp":
            return False
        head = tok.head
        return head.lemma_.lower() in self.cues.offer_words and (
            sx.is_verb(head) or head.dep_ == "acomp"
        )

    def _done_together(self, tok, row) -> bool:
        """Several sources and no target make a joint act ("X and Y held talks", "agreed to a
        ceasefire", "signed a pact") unless the verb has its own object ("X and Y support
        opposing camps")."""
        if row.type in ("CONSULT", "COOPERATE") or not sx.is_verb(tok):
            return True
        promised = sx.child(tok, "xcomp")
        if (
            tok.lemma_.lower() in self.cues.offer_words | {"pledge", "promise", "vow"}
            and promised is not None
            and promised.i in self.triggers
            and self.triggers[promised.i].type == "AID"
        ):
            # ("Jamaica and Belize pledged to send police": each gives, to someone else; but
            # "pledging to increase bilateral cooperation" is done together)
            return False
        obj = sx.child(tok, "dobj")
        if obj is None:
            return True
        if row.type == "SUPPORT" and tok.lemma_.lower() not in SIGNING:
            return False  # ("welcomed the agreement": backing the parties' pact, not one's own)
        return obj.lemma_.lower() in self.cues.agreement_nouns or obj.i in self.triggers

    def _with_partner(self, tok, target) -> bool:
        codes = {a.code for a in target}
        for node in (tok, *[c for c in tok.children if c.dep_ in ("dobj", "attr")]):
            for p, obj in sx.preps(node):
                if p == "with" and obj is not None and codes & {a.code for a in self.actors(obj)}:
                    return True
        return False

    def _frame_mention(self, etype: str, trigger, source, target, rule: str) -> Mention:
        """An event read off a reporting frame rather than a trigger word."""
        return Mention(type=etype, trigger=trigger, source=tuple(source), target=tuple(target),
                       rule=rule, confidence=0.6, sentence=self.sentence,
                       trigger_span=self.sa.span(trigger), sent_index=self.sent_index)  # fmt: skip

    def _demands(self) -> list[Mention]:
        """ "Russia said that Sudan must return the helicopter": a demand on Sudan."""
        out: list[Mention] = []
        for tok in self.doc:
            if (
                not sx.is_verb(tok)
                or tok.dep_ not in ("ccomp", "acl")
                or not any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.children)
            ):
                continue
            if any(c.dep_ == "neg" for c in tok.children):
                continue
            head = tok.head
            if tok.dep_ == "acl":
                # "sent Belgrade a sharp message that it must respect the border": the clause
                # hangs off the message, the speaker is whoever sent it.
                if (
                    head.lemma_.lower() not in self.cues.reporting_nouns
                    or head.dep_ != "dobj"
                    or not any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)
                ):
                    continue
                head = head.head
            said = sx.child(head, "dobj")
            if head.lemma_.lower() not in self.cues.reporting and not (
                # "gave Minsk a firm reminder that it should stay out of the war"
                said is not None and said.lemma_.lower() in self.cues.reporting_nouns
            ):
                continue
            speaker_tok, passive = sx.subject(head, self.cues.object_control)
            speaker = self.actors(speaker_tok) if not passive else ()
            subj, _ = sx.subject(tok, self.cues.object_control)
            asked = tuple(a for a in self.actors(subj) if a.code not in {s.code for s in speaker})
            if speaker and asked:
                out.append(self._frame_mention("REQUEST", head, speaker, asked, "frame.must/1"))
                self._demanded.add(tok.i)
        return out

    def _accusations(self) -> list[Mention]:
        """Wrongdoing reported by someone is their accusation: "X said Y violated Z"."""
        out: list[Mention] = []
        for tok in self.doc:
            if not sx.is_verb(tok) or tok.lemma_.lower() not in self.cues.accusatory:
                continue
            subj, passive = sx.subject(tok, self.cues.object_control)
            accused = self.actors(subj) if not passive else ()
            claimers, _, _, _ = self.frames(tok, accused)
            if not accused or not claimers:
                continue
            out.append(
                self._frame_mention("ACCUSE", tok, tuple(claimers), accused, "frame.accusatory/1")
            )
        return out

    def _transfer_context(self, out: list[Mention]) -> None:
        """Weapons per trigger, and the outermost stage-setting trigger above each one."""
        for m in out:
            if not m.stage:
                continue
            m.weapons = self.weapons_in(m.trigger)
            if m.weapons:
                by_origin = self._weapons_by_origin(m.trigger)
                m.origin = origins_of(by_origin)
                if len(m.origin) > 1:
                    for actors, w in by_origin:
                        for a in actors:
                            m.origin_weapons.setdefault(a.code, []).append(w)
            outer = None
            for anc, via in sx.ancestors_in_sentence(m.trigger):
                if via.dep_ in (
                    "nsubj",
                    "nsubjpass",
                    "conj",
                    "relcl",
                    "appos",
                    "ccomp",
                    "parataxis",
                ):
                    break
                pm = self.mentions.get(anc.i)
                if (
                    pm is not None
                    and pm.stage
                    and pm.stage != "delivery"
                    or (pm is not None and pm.stage and pm.type == "AGREE")
                ):
                    outer = pm
            if outer is None and m.type == "AID" and m.weapons and not m.target:
                outer = self._asked_for(m)
            if outer is not None and outer is not m:
                m.stage_parent = outer
                if m.type == "AID" and outer.stage != "delivery" and outer.type != "AID":
                    # "in talks to buy Chinese drones": the purchase is what the talks are
                    # about, not an event; the talks are with the other party
                    m.suppressed = True
                    if not outer.target:
                        own = {a.code for a in outer.source}
                        outer.target = tuple(a for a in (*m.source, *m.target) if a.code not in own)
                        if outer.target and outer.one_sided:
                            outer.suppressed = False
                if m.direction and not outer.nested_direction:
                    outer.nested_direction = m.direction
                if not outer.weapons:
                    outer.weapons = m.weapons
                    outer.origin = outer.origin or m.origin
                    outer.stage_child = m

    def _asked_for(self, m: Mention) -> Mention | None:
        """ "Kyiv urged Berlin to deliver Taurus missiles": a delivery without recipient asked
        of its supplier is requested by the asker, for itself. Marks the request as the
        transfer's stage and returns it."""
        suppliers = {a.code for a in m.source}
        for anc, via in sx.ancestors_in_sentence(m.trigger):
            if via.dep_ not in ("xcomp", "ccomp"):
                return None
            pm = self.mentions.get(anc.i)
            if pm is not None and pm.type == "REQUEST":
                asked = {a.code for a in pm.target}
                if suppliers and suppliers <= asked and pm.source:
                    pm.stage = pm.stage or "request"
                    return pm
                return None
        return None


def _predicates(verb, words) -> bool:
    """Whether the verb predicates one of ``words`` of its object: "called the sanctions
    illegal", "considers the reports groundless", "dismissed them as fabricated"."""
    return not words.isdisjoint(_predicated(verb))


def _predicated(verb) -> set[str]:
    """Lemmas a verb predicates of its object (the slots ``_predicates`` looks in)."""
    out: set[str] = set()
    for c in verb.children:
        dep = c.dep_
        if dep in ("oprd", "acomp"):
            out.add(c.lemma_.lower())
        elif dep in ("xcomp", "ccomp"):
            out.update(g.lemma_.lower() for g in c.children if g.dep_ in ("acomp", "oprd", "attr"))
        elif dep == "prep" and c.lower_ == "as":
            out.update(g.lemma_.lower() for g in c.children if g.dep_ in ("pobj", "amod"))
        elif dep == "dobj":
            # ("called the move irresponsible", read as an adjective after its noun)
            out.update(g.lemma_.lower() for g in c.children if g.dep_ == "amod" and g.i > c.i)
    return out


CONDEMN_FRAME = Trigger(
    "condemn",
    "VERB",
    "ACCUSE",
    "disapprove",
    None,
    None,
    0.8,
    None,
    "a verb calling something illegal, provocative, unacceptable ...",
)

# Stances said with an adjective or passive: "concerned that Y ..." (ACCUSE), "committed to
# X's security" (SUPPORT); keyed by the lemma the rule names.
STANCE_FRAMES = {
    "concern": Trigger(
        "concern", "VERB", "ACCUSE", "disapprove", None, None, 0.6, None,
        "concerned, worried ... that or about someone",
    ),
    "commitment": Trigger(
        "commitment", "VERB", "SUPPORT", None, None, None, 0.6, None,
        "committed, dedicated ... to someone or their security",
    ),
}  # fmt: skip
STANCE_PREPS = {"concern": ("about", "over", "by", "at"), "commitment": ("to",)}

DENIAL_FRAME = Trigger(
    "deny",
    "VERB",
    "REJECT",
    None,
    None,
    None,
    0.8,
    None,
    "a verb calling claims groundless, baseless, false ...",
)


def _definite_organisation(tok, nouns) -> bool:
    """ "the alliance", "the bloc" (not "an alliance with Russia")."""
    return (
        tok.lemma_.lower() in nouns
        and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
        and not any(p in ("with", "between", "of", "against") for p, _ in sx.preps(tok))
    )


def _says_when(prep) -> bool:
    """A preposition that only dates the act: "on Sunday", "in July"."""
    obj = sx.pobj_of(prep) if prep.dep_ == "prep" else None
    return obj is not None and is_temporal(obj)


def _each_other(tok) -> bool:
    """ "fought against each other": a reciprocal object."""
    return any(
        t.lower_ in ("other", "another")
        and t.head.lower_ in ("each", "one")
        or t.lower_ in ("each", "one")
        and t.head.lower_ == "other"
        for t in tok.subtree
    )


def _private(a: Actor) -> bool:
    """A person the knowledge base does not know (a broker, an analyst)."""
    return a.kind == "person" and not a.name


def _shares_aux(tok) -> bool:
    """A bare verb conjoined to one with an auxiliary, with none of its own ("would close X
    and expel Y")."""
    return (
        tok.dep_ == "conj"
        and tok.tag_ == "VB"
        and sx.is_verb(tok.head)
        and any(c.dep_ == "aux" for c in tok.head.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "neg") for c in tok.children)
    )


def _sides_ok(etype: str, weight: float, source, target) -> bool:
    """Whether a mention is specific enough to be an event.

    Both sides known: any trigger above the noise floor. One side only: just the types that
    news often reports one-sided ("North Korea denied", "sanctions on Russia", "tested a
    missile"), and only from reliable triggers.
    """
    if source and target:
        return weight >= MIN_WEIGHT
    if source or target:
        return etype in ONE_SIDED_TYPES and weight >= MIN_WEIGHT_ONE_SIDED
    return False


def _dedupe(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    seen: dict[str, Actor] = {}
    for a in actors:
        seen.setdefault(a.code, a)
    return tuple(seen.values())
