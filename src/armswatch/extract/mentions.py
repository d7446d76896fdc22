"""Actor mentions on parsed tokens: noun-phrase expansion, coordination and light coreference.

Knowledge-base matches (character offsets into the article) are mapped onto the tokens of a
parsed sentence. ``np_actors(token)`` then reads the actors a noun phrase denotes from the
dependency structure: its own match, its modifiers (compound, amod, poss: "Russian Defense
Minister Sergei Shoigu", "North Korea's foreign ministry"), appositions ("Ashot Mkrtychev, a
Slovakian national"), "of"/"from" complements of agent nouns ("the Ministry of Foreign
Affairs of Iran") and conjuncts ("Russia and North Korea"). Pronouns and phrases such as
"the two countries" are resolved against the discourse so far.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..lexicon.cues import Cues
from ..model import Actor, Span
from . import syntax as sx

# Kinds of knowledge-base match, most specific first: when a phrase holds several, the
# most specific one names the actor (a person beats the demonym before their title).
_KIND_RANK = {"person": 0, "group": 1, "company": 1, "org": 1, "media": 2, "coalition": 2, "igo": 3,
              "state": 3, "seat": 3, "capital": 4, "demonym": 5, "place": 5}  # fmt: skip
_HUMAN_KINDS = {"person"}
_MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "nummod", "det", "npadvmod"}
_PLURAL_ANAPHORS = {"they", "them", "their", "theirs", "themselves"}
_SINGULAR_THING = {"it", "its", "itself"}
_HUMAN_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
_FIRST_PERSON = {"we", "us", "our", "ours", "ourselves"}
# States whose officials' names are written family name first in English-language news.
_FAMILY_NAME_FIRST = {"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM"}


@dataclass
class Group:
    """Actors mentioned together (one noun phrase), remembered for coreference."""

    actors: tuple[Actor, ...]
    human: bool
    subject: bool

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.code for a in self.actors))


@dataclass
class Discourse:
    """What the article has mentioned so far, for resolving pronouns and "the two countries"."""

    groups: list[Group] = field(default_factory=list)
    people: dict[str, tuple[str, str | None]] = field(
        default_factory=dict
    )  # name -> (code, sector)
    # head noun of an agent phrase -> its actors: "South Korea's spy agency" ... "the agency"
    agents: dict[str, tuple[Actor, ...]] = field(default_factory=dict)

    def remember(self, actors: list[Actor], subject: bool, human: bool = False) -> None:
        if actors:
            human = human or any(a.kind in _HUMAN_KINDS for a in actors)
            self.groups.append(Group(tuple(actors), human, subject))
            del self.groups[:-40]

    def resolve_pronoun(self, word: str, subject: bool = False) -> tuple[Actor, ...]:
        w = word.lower()
        recent = list(reversed(self.groups))
        if w in _HUMAN_PRONOUNS:
            if subject:
                # "The minister met Kim on Saturday. He praised ...": a subject pronoun
                # continues the last subject (among the last few mentions)
                for g in recent[:6]:
                    if g.human and g.subject:
                        return g.actors
            for g in recent:
                if g.human:
                    return g.actors
            return ()
        if w in _PLURAL_ANAPHORS:
            # "they": actors named together, or a group of people ("special services")
            for g in recent:
                if len(g.codes) >= 2 or g.human:
                    return g.actors
            return ()
        if w in _SINGULAR_THING:
            for g in recent:
                if g.subject and not g.human and len(g.codes) == 1:
                    return g.actors
            return ()
        return ()

    def resolve_pair(self) -> tuple[Actor, ...]:
        """The last two actors mentioned together, or the last two distinct ones."""
        for g in reversed(self.groups):
            if len(g.codes) == 2:
                return g.actors
        seen: dict[str, Actor] = {}
        for g in reversed(self.groups):
            for a in g.actors:
                seen.setdefault(a.code, a)
                if len(seen) == 2:
                    return tuple(seen.values())
        return ()


class SentenceActors:
    """Knowledge-base matches of one parsed sentence, mapped onto its tokens."""

    def __init__(self, sent, offset: int, matches, discourse: Discourse, text: str, cues: Cues):
        self.sent = sent  # a spaCy Doc holding just this sentence
        self.offset = offset  # character offset of the sentence in the article
        self.discourse = discourse
        self.text = text
        self.cues = cues
        self.by_token: dict[int, list] = {}
        if matches:
            starts = [offset + t.idx for t in sent]
            for m in matches:
                # tokens overlapping [m.start, m.end): from the one holding m.start onwards
                i = max(bisect.bisect_right(starts, m.start) - 1, 0)
                while i < len(sent) and starts[i] < m.end:
                    tok = sent[i]
                    if starts[i] + len(tok.text) > m.start and not self._in_amount(tok):
                        # (a "1.2-billion-US-dollar sale" names no American party)
                        self.by_token.setdefault(i, []).append(m)
                    i += 1
        self._cache: dict[int, tuple[Actor, ...]] = {}
        self._resolving = False
        # The speaker of a quotation this sentence continues ("... ," said Kirby. "Following
        # these negotiations, ...") — set by the pipeline.
        self.quote_speaker: tuple[Actor, ...] = ()

    # -- single tokens -------------------------------------------------------------------
    def _in_amount(self, tok) -> bool:
        """Part of a money amount ("a 1.2-billion-US-dollar sale")."""
        return (tok.head.lemma_.lower() in self.cues.currencies
                or tok.lemma_.lower() in self.cues.currencies)  # fmt: skip

    def _actor(self, m, sector: str | None = None) -> list[Actor]:
        span = Span(m.start, m.end, self.text[m.start : m.end])
        codes = m.codes if getattr(m, "codes", None) else ((m.code,) if m.code else ())
        return [
            Actor(
                code=c,
                text=span.text,
                span=span,
                sector=sector or m.sector,
                name=m.name,
                kind=_kind(m.kind),
            )
            for c in codes
        ]

    def own(self, tok) -> tuple[list[Actor], str | None]:
        """Actors matched on this very token, and an agent sector if the token is a role noun."""
        matches = self.by_token.get(tok.i, [])
        coded = sorted(
            (m for m in matches if m.code or getattr(m, "codes", None)),
            key=lambda m: _KIND_RANK.get(m.kind, 9),
        )
        sector = next((m.sector for m in matches if m.kind == "agent" and m.sector), None)
        if coded:
            return self._actor(coded[0], sector), sector
        if tok.lower_ in _HUMAN_PRONOUNS | _PLURAL_ANAPHORS | _SINGULAR_THING:
            return list(self.resolve_pronoun(tok)), None
        if tok.lower_ in _FIRST_PERSON and tok.text != "US":  # ("a 1.2-billion-US-dollar sale")
            if self._resolving:  # "we" inside the speaker's own phrase ("our minister said")
                return [], None
            self._resolving = True
            try:
                return list(self.speaker()), None
            finally:
                self._resolving = False
        return [], sector

    def speaker(self) -> tuple[Actor, ...]:
        """Who "we" is: the subject of the sentence's reporting verb ("'We urge ...,' Wang
        said"), the speaker of the quote this sentence continues, else the last person quoted."""
        return self.own_speaker() or self.quote_speaker or self.discourse.resolve_pronoun("he")

    def own_speaker(self) -> tuple[Actor, ...]:
        """The subject of a speech verb in this very sentence, if any."""
        for t in self.sent:
            if t.lemma_.lower() in self.cues.speech_verbs and t.pos_ == "VERB":
                for c in t.children:
                    if c.dep_ == "nsubj" and c.lower_ not in _FIRST_PERSON:
                        found = self.np_actors(c, depth=1)
                        if found:
                            return found
        return ()

    def resolve_state(self, tok) -> tuple[Actor, ...]:
        """ "The regime", "the country": the nearest state named before it in the sentence,
        else the state the article last talked about."""
        # ("France began withdrawing its troops from the country": not France)
        actors_of_it = (
            {
                t.i
                for a in tok.ancestors
                for c in a.children
                if c.dep_ in ("nsubj", "nsubjpass")
                for t in c.subtree
            }
            if tok.dep_ not in ("nsubj", "nsubjpass")
            else set()
        )
        for prev in reversed(self.sent[: tok.i]):
            if prev.i in actors_of_it:
                continue
            for m in self.by_token.get(prev.i, ()):
                if m.code and m.kind in ("state", "demonym", "capital", "seat", "place"):
                    return tuple(self._actor(m))
        acting = {m.code for i in actors_of_it for m in self.by_token.get(i, ()) if m.code}
        recent = [
            g
            for g in reversed(self.discourse.groups)
            if not acting or not {a.code for a in g.actors} <= acting
        ]
        if tok.dep_ in ("nsubj", "nsubjpass"):
            # "Saudi Arabia has asked China for drones ... The kingdom is also seeking ...":
            # a subject continues the last subject
            for g in recent[:6]:
                states = [a for a in g.actors if a.kind == "state"]
                if g.subject and len({a.code for a in states}) == 1:
                    return (states[0],)
        for g in recent:
            states = [a for a in g.actors if a.kind == "state"]
            if len({a.code for a in states}) == 1:
                return (states[0],)
        return ()

    def resolve_pronoun(self, tok) -> tuple[Actor, ...]:
        """A pronoun's antecedent: an earlier subject in this sentence, else the discourse."""
        w = tok.lower_
        if self._resolving:
            return self.discourse.resolve_pronoun(w)
        self._resolving = True
        try:
            return self._resolve_in_sentence(tok, w)
        finally:
            self._resolving = False

    def _subject_antecedent(self, verb, tok, w: str) -> tuple[Actor, ...]:
        """The actors of the verb's (active, named, earlier) subject, if the pronoun fits."""
        if verb is None:
            return ()
        main, passive = sx.subject(verb, self.cues.object_control)
        if main is None or main.pos_ == "PRON" or passive or main.i >= tok.i:
            return ()
        actors = self.np_actors(main, depth=1)
        return actors if actors and self._fits(w, actors, main, self.cues) else ()

    def _resolve_in_sentence(self, tok, w: str) -> tuple[Actor, ...]:
        # The nearest earlier actor phrase of the right kind: "Russia complained to Turkey
        # over its sale" (Turkey), "efforts by Russia to evade sanctions on it" (Russia).
        # A pronoun inside a relative clause is not the noun the clause describes ("firms,
        # which it accused": "it" is not the firms).
        described = {a.head.i for a in tok.ancestors if a.dep_ == "relcl"}
        clause = tok.head
        if tok.dep_ == "poss" and tok.head.dep_ in ("nsubj", "nsubjpass"):
            clause = tok.head.head  # ("reaffirmed that its treaty with Manila covers ...")
        if tok.dep_ in ("nsubj", "nsubjpass", "poss") and clause.dep_ == "ccomp":
            # "the administration announced that it remains concerned", "Putin said he would
            # visit": the subject of a reported clause is, first of all, the reporter
            reporter = next(
                (c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None
            )
            if reporter is None and clause.head.dep_ == "conj":
                # "the ministry accused Iran ... and said it would ask the EU"
                reporter, passive = sx.subject(clause.head, self.cues.object_control)
                if passive or (reporter is not None and reporter.pos_ == "PRON"):
                    reporter = None
            told = any(c.dep_ in ("dobj", "dative") for c in clause.head.children)
            # (not when someone is told: "warned Pyongyang that it would pay a price")
            if (
                reporter is not None
                # (any verb with a that-clause: "said", "insisted", "reaffirmed that ...")
                and (clause.head.lemma_.lower() in self.cues.reporting or sx.is_verb(clause.head))
                and not told
            ):
                actors = self.np_actors(reporter, depth=1)
                if actors and self._fits(w, actors, reporter, self.cues):
                    return actors
        if tok.dep_ == "poss" and tok.head.lemma_.lower() in self.cues.objects["forces"]:
            # "bought jets from France for its navy": one's own forces are the clause
            # subject's (unlike "complained to Turkey over its sale")
            verb = next((a for a in tok.ancestors if sx.is_verb(a)), None)
            actors = self._subject_antecedent(verb, tok, w)
            if actors:
                return actors
        if tok.dep_ in ("nsubj", "nsubjpass", "poss") and clause.dep_ == "advcl":
            # "Seoul said it could arm Kyiv, after its spy agency reported ...": the subject of
            # an adverbial clause continues the main clause's subject
            actors = self._subject_antecedent(clause.head, tok, w)
            if actors:
                return actors
        for prev in reversed(self.sent[: tok.i]):
            if (
                prev.dep_ not in ("nsubj", "nsubjpass", "pobj", "dobj", "poss", "appos")
                or prev.pos_ == "PRON"
                or prev.i in described
            ):
                continue
            if prev.dep_ == "pobj" and prev.head.lower_ in ("including", "like", "such", "as"):
                continue  # members of a list ("its allies, including the DPRK") are not "it"
            own, sector = self.own(prev)
            if not own and sector is None and prev.pos_ != "PROPN":
                continue  # "denied U.S. allegations that it ...": the US is no antecedent
            # ("The United States and its allies": "its" sits in the phrase it refers to; the
            # head alone is the antecedent, not the phrase with "its allies")
            inside = prev.left_edge.i <= tok.i <= prev.right_edge.i
            actors = tuple(self._head_actors(prev, 1)) if inside else self.np_actors(prev, depth=1)
            if actors and self._fits(w, actors, prev, self.cues):
                return actors
        return self.discourse.resolve_pronoun(w, subject=tok.dep_ in ("nsubj", "nsubjpass"))

    @staticmethod
    def _fits(w: str, actors, phrase, cues) -> bool:
        """Whether pronoun ``w`` can stand for ``actors`` named by ``phrase`` (he/she for a
        person or a person's role, "his Russian counterpart"; they for several or a plural;
        it for one non-person: "the Biden administration" is an "it" though it names a
        person)."""
        codes = {a.code for a in actors}
        head = phrase.lemma_.lower()
        # ("OSCE Secretary-General Jan Novak": a name under a title is a person's)
        titled = phrase.pos_ == "PROPN" and any(
            c.dep_ == "compound" and c.i < phrase.i and c.lemma_.lower().split("-")[-1] in
            cues.person_roles
            for c in phrase.subtree
        )  # fmt: skip
        human = (
            any(a.kind == "person" for a in actors) or head in cues.person_roles or titled
        ) and (head not in cues.collective_nouns)
        return (
            w in _HUMAN_PRONOUNS
            and human
            or w in _PLURAL_ANAPHORS
            and (
                len(codes) > 1
                or phrase.tag_ in ("NNS", "NNPS")  # "North Korean troops"
                # ("the Houthis", tagged as a singular name)
                or phrase.pos_ == "PROPN"
                and phrase.lower_.endswith("s")
                and any(c.lower_ == "the" for c in phrase.children)
            )
            or w in _SINGULAR_THING
            and not human
            and len(codes) == 1
        )

    # -- noun phrases --------------------------------------------------------------------
    def np_actors(self, tok, depth: int = 0) -> tuple[Actor, ...]:
        """The actors a noun phrase headed by ``tok`` denotes (with its conjuncts)."""
        if depth == 0 and tok.i in self._cache:
            return self._cache[tok.i]
        found = list(self._head_actors(tok, depth))
        for conj in tok.children:
            if conj.dep_ == "conj" and conj.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
                found.extend(
                    a
                    for a in self.np_actors(conj, depth + 1)
                    if a.code not in {f.code for f in found}
                )
        out = tuple(found)
        if depth == 0:
            self._cache[tok.i] = out
        return out

    def _head_actors(self, tok, depth: int) -> list[Actor]:
        if depth > 4:
            return []
        own, sector = self.own(tok)
        if own and not any(c.lower_ == "ethnic" for c in tok.children):
            return _with_sector(own, sector)  # ("ethnic Albanians in Serbia": see below)
        low = tok.lower_
        if low in ("two", "both") or (
            tok.lemma_ in self.cues.pair_nouns
            and any(c.lower_ in ("two", "both") for c in tok.children)
        ):
            return _with_sector(list(self.discourse.resolve_pair()), sector)
        if (
            tok.lemma_.lower() in self.cues.state_descriptions
            and any(c.lower_ == "the" for c in tok.children)
            and not any(
                c.dep_ in ("compound", "amod", "poss", "prep")
                and c.lower_ != "the"
                and c.dep_ != "det"
                for c in tok.children
                if c.dep_ != "amod"
                or c.lemma_.lower() not in ("new", "current", "former", "reclusive")
            )
        ):
            # "the regime's first nuclear test", "the country's oil supply"
            return _with_sector(list(self.resolve_state(tok)), sector)
        # "its few allies, including the DPRK": the included ones are the referents.
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("including", "like", "notably"):
                obj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if obj is not None:
                    cand = self.np_actors(obj, depth + 1)
                    if cand:
                        return _with_sector(list(cand), sector)
        # Modifiers and possessors: "Russian officials", "Iran's ambassador", "U.S. sanctions".
        # A modifier beats a possessor ("China's Taiwan region" is Taiwan).
        best: list[Actor] = []
        best_is_poss = False
        # "ethnic Albanian unrest", "the Russian language": a people or a tongue, not a state
        ethnic = tok.lemma_.lower() in self.cues.ethnic_nouns or any(
            c.lower_ == "ethnic"
            for c in (*tok.children, *(g for c in tok.children for g in c.children))
        )
        for c in tok.children:
            if ethnic and c.dep_ in ("amod", "compound", "npadvmod"):
                continue
            if c.dep_ in _MODIFIER_DEPS or c.dep_ == "poss":
                is_poss = c.dep_ == "poss"
                cand = self.np_actors(c, depth + 1) if is_poss else self.modifier_actors(c)
                if not cand:
                    continue
                if (
                    not best
                    or (best_is_poss and not is_poss)
                    or (best_is_poss == is_poss and _rank(cand) < _rank(best))
                ):
                    best, best_is_poss = list(cand), is_poss
        if best:
            if sector is not None:
                self.discourse.agents[tok.lemma_.lower()] = tuple(_with_sector(best, sector))
            return _with_sector(best, sector)
        # Appositions and complements: "Mkrtychev, a Slovakian national", "Ministry of X",
        # "officials from X", "allies, including the DPRK", "businesses linked to X".
        for c in tok.children:
            if c.dep_ == "appos":
                cand = self.np_actors(c, depth + 1)
                if cand:
                    return _with_sector(list(cand), sector)
        agentive = (
            sector is not None
            or tok.pos_ == "PROPN"
            or tok.lemma_ in self.cues.bridge_nouns
            or tok.lemma_.lower() in self.cues.quantity_nouns  # "thousands of Georgians"
        )
        for c in tok.children:
            if c.dep_ == "prep" and (
                c.lower_ in ("of", "from", "including", "like", "in", "between")
                or c.lower_ == "such"
                # ("a camp for Sudanese refugees" is theirs)
                or c.lower_ == "for"
                and tok.lemma_.lower() in self.cues.shelter_nouns
            ):
                if c.lower_ == "in" and not agentive:
                    continue
                for p in c.children:
                    if p.dep_ in ("pobj", "prep"):
                        target = (
                            p
                            if p.dep_ == "pobj"
                            else next((q for q in p.children if q.dep_ == "pobj"), None)
                        )
                        if target is not None and (
                            # ("ties between Pakistan and China" are theirs)
                            agentive or c.lower_ in ("including", "like", "such", "between")
                        ):
                            cand = self.np_actors(target, depth + 1)
                            if cand:
                                return _with_sector(list(cand), sector)
            if c.dep_ == "acl" and tok.lemma_ in self.cues.bridge_nouns:
                # "businesses linked to X": only the participle's own complement.
                for p in c.children:
                    obj = (
                        next((q for q in p.children if q.dep_ == "pobj"), None)
                        if p.dep_ in ("prep", "agent")
                        else None
                    )
                    if obj is not None:
                        cand = self.np_actors(obj, depth + 2)
                        if cand:
                            return _with_sector(list(cand), sector)
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
        if definite and tok.lemma_.lower() in self.cues.organisation_nouns:
            # "The alliance", "the bloc": the organisation named last.
            for g in reversed(self.discourse.groups):
                igos = [a for a in g.actors if a.kind == "igo"]
                if igos:
                    return igos
        if definite and tok.lemma_.lower() in self.discourse.agents:
            # An agency named earlier: "South Korea's spy agency said ... the agency said".
            return list(self.discourse.agents[tok.lemma_.lower()])
        # A person the article identified earlier ("Mkrtychev" after "Ashot Mkrtychev, a
        # Slovakian national").
        if tok.pos_ == "PROPN" and tok.text in self.discourse.people:
            code, psector = self.discourse.people[tok.text]
            return [
                Actor(code=code, text=tok.text, span=self.span(tok), sector=psector, kind="person")
            ]
        return []

    def modifier_actors(self, c) -> tuple[Actor, ...]:
        if any(g.lower_ == "ethnic" for g in c.children):
            return ()  # "ethnic Albanian unrest": a people, not Albania
        own, _ = self.own(c)
        if own:
            # "North Korean and Russian officials": coordinated modifiers.
            for cc in c.children:
                if cc.dep_ == "conj":
                    more, _ = self.own(cc)
                    own.extend(a for a in more if a.code not in {o.code for o in own})
            return tuple(own)
        if c.lemma_.lower() in self.cues.patron_participles and c.tag_ == "VBN":
            return ()  # "the Iran-backed group", "Houthi-controlled Yemen"
        # "North Korean" is compound+amod; look one level down for the rest of the modifier.
        for cc in c.children:
            if cc.dep_ in ("compound", "amod", "poss", "conj", "npadvmod", "advmod"):
                own, _ = self.own(cc)
                if own:
                    return tuple(own)
        return ()

    def span(self, tok) -> Span:
        start = self.offset + tok.idx
        return Span(start, start + len(tok.text), tok.text)

    def learn_people(self) -> None:
        """Remember people identified by apposition or by the knowledge base, so that later
        bare surnames ("Wang said") resolve."""
        for matches in self.by_token.values():
            for m in matches:
                learn_name(self.discourse, m)
        for root in self.sent:
            # A name the knowledge base does not know: a proper-noun head with its compound
            # first names ("Ashot Mkrtychev, a Slovakian national").
            if root.pos_ != "PROPN" or root.dep_ == "compound" or root.i in self.by_token:
                continue
            names = [
                c
                for c in root.children
                if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < root.i
            ]
            if any(c.i in self.by_token for c in names):
                continue
            actors = self.np_actors(root)
            if actors:
                code, sector = actors[0].code, actors[0].sector
                full = " ".join([*(c.text for c in names), root.text])
                self.discourse.people[full] = (code, sector)
                self.discourse.people[root.text] = (code, sector)


def learn_name(discourse: Discourse, m) -> None:
    """Remember a known person's family name, so that a later bare "Wang said" resolves."""
    if m.kind == "person" and m.code and " " in m.text:
        words = m.text.split()
        # ("Wang Wenbin ... Wang said": Chinese and Korean names put the family name first)
        surname = words[0] if m.code in _FAMILY_NAME_FIRST else words[-1]
        discourse.people.setdefault(surname, (m.code, m.sector))
        head, sep, rest = surname.partition("-")
        if sep and head.lower() in ("al", "el", "ad", "ar", "as", "ash", "at", "az") and rest:
            # ("Abdel Fattah al-Sisi ... Sisi said": the article drops the Arabic "al-")
            discourse.people.setdefault(rest, (m.code, m.sector))


def _kind(kind: str) -> str:
    return {
        "demonym": "state",
        "capital": "state",
        "place": "state",
        "seat": "state",
        "coalition": "state",
        "company": "org",
        "media": "org",
    }.get(kind, kind)


def _rank(actors) -> int:
    return min((_KIND_RANK.get(a.kind, 9) for a in actors), default=9)


def _with_sector(actors: list[Actor], sector: str | None) -> list[Actor]:
    if not sector:
        return actors
    return [
        a if a.sector else Actor(a.code, a.text, a.span, sector, a.name, a.kind) for a in actors
    ]
