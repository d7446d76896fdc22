"""The extractor: an Article in, an Extraction (events and arms transfers) out.

Steps: split sentences cheaply (spaCy's rule-based sentencizer on a blank tokenizer);
match actor names and weapons over the whole text (Aho-Corasick); keep only sentences that
hold a trigger word (and an actor name or an anaphor); parse those with ``en_core_web_sm``;
apply the rules per sentence; then, per article, attach dates, spread anaphoric denials
("Pyongyang denies the allegations") to the claims they answer, merge repeated events and
build one transfer per supplier-recipient pair at its most advanced stage.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from .. import EXTRACTOR_VERSION
from ..lexicon.cues import load_cues
from ..lexicon.triggers import inflections
from ..model import Actor, Article, Event, Evidence, Extraction, Span
from ..model import codes as codes_of
from . import dates as dates_mod
from . import syntax as sx
from .mentions import Discourse, SentenceActors, learn_name
from .rules import MIN_WEIGHT, ONE_SIDED_TYPES, Mention, SentenceRules
from .transfers import build_transfers, transfer_mentions

_ANAPHORS = re.compile(
    r"\b(he|she|they|it|its|his|her|their|both|two countries|two sides|two nations|two leaders)\b",
    re.IGNORECASE)  # fmt: skip
_OPEN_QUOTES = ("\u201c", '"', "\u00ab")
# "WASHINGTON (Reuters) - ", "SEOUL, Oct 24 (Reuters) - ", "KYIV, Ukraine (AP) -- ",
# "MOSCOW — ": a capitalised place, optional region or date, optional agency, then a dash.
_DATELINE = re.compile(
    r"\s*[A-Z][A-Z.'\- ]{2,40}"
    r"(?:,\s*[A-Z][A-Za-z.'\- ]{0,30}?)?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([A-Za-z .&'-]{2,40}\))?"
    r"\s*(?:--|[-\u2013\u2014])\s+"
)
_WORD = re.compile(r"[a-z][a-z']*")  # hyphens split: "test-fired" holds "fired"
MAX_SENTENCE_CHARS = 2000
# spaCy's NER costs more than the tagger and parser together; names come from the knowledge
# base, dates from dates.find_expressions, unknown people from proper-noun heads.
PIPES_OFF = ("ner",)  # longer "sentences" are tables or run-ons; the parser would crawl


class Extractor:
    """Holds the loaded pipeline, knowledge base and lexicons; reuse one per process."""

    def __init__(self, kb=None, nlp=None, triggers=None, weapons=None):
        from ..actors.kb import default_kb
        from ..lexicon.triggers import load_triggers
        from ..lexicon.weapons import load_weapons
        from ..nlp import load_pipeline

        self.kb = kb or default_kb()
        self.nlp = nlp or load_pipeline()
        self.triggers = triggers or load_triggers()
        self.weapons = weapons or load_weapons()
        self.cues = load_cues()
        import spacy

        self._splitter = spacy.blank("en")
        self._splitter.add_pipe("sentencizer")
        # The pre-filter's word set: surface forms of triggers strong enough to fire, and of
        # the words other rules read events from: arrivals of forces (a deployment) and
        # wrongdoing someone reports ("Beijing said Washington violated ..." accuses it).
        strong = (
            {t.lemma for t in self.triggers if t.weight >= MIN_WEIGHT}
            | self.cues.arrival_verbs
            | self.cues.accusatory
        )
        self._trigger_words = (
            frozenset(f for t in strong for pos in ("VERB", "NOUN") for f in inflections(t, pos))
            # (surface forms: "Seoul is concerned that ...", "committed to Israel's security")
            | self.cues.concern_words
            | self.cues.commitment_words
            | self.cues.verdict_words  # ("found him guilty")
        )

    # -- public API ----------------------------------------------------------------------
    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article], batch: int = 16) -> Iterator[Extraction]:
        """Extract articles in order; sentences of ``batch`` articles are parsed together,
        which keeps spaCy's batches full (most of the time goes into the parser)."""
        chunk: list[Article] = []
        for article in articles:
            chunk.append(article)
            if len(chunk) >= batch:
                yield from self._extract_chunk(chunk)
                chunk = []
        if chunk:
            yield from self._extract_chunk(chunk)

    def _extract_chunk(self, chunk: list[Article]) -> Iterator[Extraction]:
        prepared = [self._prepare(a) for a in chunk]
        texts = [p[2][i].text[:MAX_SENTENCE_CHARS] for p in prepared for i in p[3]]
        docs = iter(self.nlp.pipe(texts, batch_size=64, disable=PIPES_OFF))
        parsed = [{i: next(docs) for i in p[3]} for p in prepared]  # (see PIPES_OFF)
        for article, prep, kept in zip(chunk, prepared, parsed, strict=True):
            yield self._finish(article, prep, kept)

    # -- one article ---------------------------------------------------------------------
    def sentences(self, text: str, skips: tuple[tuple[int, int], ...] = ()) -> list[Span]:
        """Sentence spans: paragraphs first (newlines), then the rule-based sentencizer;
        the ``skips`` (datelines) belong to none."""
        out: list[Span] = []
        for para in re.finditer(r"[^\n]+", text):
            chunk = para.group()
            if not chunk.strip():
                continue
            bounds = [
                (para.start() + s.start_char, para.start() + s.end_char)
                for s in self._splitter(chunk).sents
            ]
            # The sentencizer leaves an opening quote at the end of the sentence before it
            # ('... said. "In return ...'): it belongs to the next sentence.
            for k in range(len(bounds) - 1):
                st, en = bounds[k]
                body = text[st:en].rstrip()
                if body[-1:] in _OPEN_QUOTES and (body[-1] != '"' or body[-2:-1].isspace()):
                    cut = st + len(body) - 1
                    bounds[k], bounds[k + 1] = (st, cut), (cut, bounds[k + 1][1])
            for st, en in bounds:
                if text[st:en].strip():
                    out.append(Span(st, en, text[st:en]))
        for st, en in skips:
            for k, s in enumerate(out):
                if s.start <= st < s.end and en < s.end:
                    out[k] = Span(en, s.end, text[en : s.end])
        return out

    def _prepare(self, article: Article):
        """Cheap passes over the whole text: actor names, weapons, sentences, the pre-filter."""
        text = article.text
        # A dateline ("SEOUL, Oct 24 (Reuters) - ") places the story, it acts in no event.
        skips = datelines(text)
        matches = [
            m
            for m in self.kb.match(text, article.published)
            if not any(st <= m.start < en for st, en in skips)
        ]
        weapons = self.weapons.find(text)
        sents = self.sentences(text, skips)
        keep = [i for i, s in enumerate(sents) if self._worth_parsing(s, matches)]
        return matches, weapons, sents, keep

    def _finish(self, article: Article, prep, kept: dict) -> Extraction:
        text = article.text
        matches, weapons, sents, _ = prep
        discourse = Discourse()
        mentions: list[Mention] = []
        quoted_by: tuple[Actor, ...] = ()  # speaker of the quotation under way, per paragraph
        prev_end = 0
        for i, s in enumerate(sents):
            if "\n" in text[prev_end : s.start]:
                quoted_by = ()
            prev_end = s.end
            in_sent = [m for m in matches if s.start <= m.start < s.end]
            doc = kept.get(i)
            if doc is None:
                self._remember_unparsed(in_sent, discourse, text)
                continue
            sa = SentenceActors(doc, s.start, in_sent, discourse, text, self.cues)
            own = sa.own_speaker()
            if not own and s.text.lstrip()[:1] in _OPEN_QUOTES:
                sa.quote_speaker = quoted_by
            if own and any(q in s.text for q in _OPEN_QUOTES):
                quoted_by = own
            sa.learn_people()
            rules = SentenceRules(
                self, sa, i, s, [w for w in weapons if s.start <= w.start < s.end]
            )
            found = rules.run()
            for m in found:
                m.date, m.date_text = self._date_for(m, doc, s, article.published)
            mentions.extend(found)
            self._remember_parsed(sa, discourse)
        _aim_at_events(mentions, self.cues.agreement_nouns)
        _dates_of_anaphors(mentions)
        _implied_recipients(mentions)
        mentions.extend(_claimed_wrongdoing(mentions))
        transfers_raw = transfer_mentions(self, mentions)
        self._spread_denials(mentions, transfers_raw)
        events = self._events(mentions)
        transfers = build_transfers(transfers_raw, mentions)
        return Extraction(
            article=article,
            events=tuple(events),
            transfers=tuple(transfers),
            version=EXTRACTOR_VERSION,
        )

    def _worth_parsing(self, s: Span, matches) -> bool:
        words = _WORD.findall(s.text.lower())
        if self._trigger_words.isdisjoint(words):
            return False
        has_actor = any(
            s.start <= m.start < s.end and (m.code or getattr(m, "codes", None)) for m in matches
        )
        return has_actor or bool(_ANAPHORS.search(s.text))

    def _remember_unparsed(self, in_sent, discourse: Discourse, text: str) -> None:
        actors: list[Actor] = []
        for m in in_sent:
            learn_name(discourse, m)
            codes = m.codes if getattr(m, "codes", None) else ((m.code,) if m.code else ())
            if codes:
                group = [Actor(code=c, text=m.text, kind=m.kind) for c in codes]
                discourse.remember(group, subject=False)
                actors.extend(a for a in group if a.code not in {x.code for x in actors})
        if len(actors) == 2:
            # "India and China have long had a tense border": a pair for "the two
            # countries" in the next sentence.
            discourse.remember(actors, subject=False)

    def _remember_parsed(self, sa: SentenceActors, discourse: Discourse) -> None:
        for tok in sa.sent:
            if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss") and tok.pos_ != "PRON":
                actors = list(sa.np_actors(tok))
                if actors:
                    # A person or a role ("the official representative of the ministry") is
                    # what "he" or "she" can refer to later.
                    human = (
                        any(a.kind == "person" for a in actors)
                        or (tok.pos_ == "PROPN" and tok.i not in sa.by_token)
                        or sa.own(tok)[1] is not None
                    )
                    # only main-clause subjects are what a later "it" most likely means
                    main = tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ in (
                        "ROOT",
                        "conj",
                        "ccomp",
                    )
                    discourse.remember(actors, subject=main, human=human)

    # -- dates -----------------------------------------------------------------------------
    def _date_for(self, m: Mention, doc, s: Span, published):
        """The date expression attached to the trigger's clause, resolved."""
        tok = m.trigger
        anchors = {tok.i}
        head = tok
        for _ in range(3):
            if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
                break
            head = head.head
        anchors.add(head.i)
        # "pushed for weapons while visiting Pyongyang in July": a time clause dates the act.
        anchors.update(
            c.i
            for c in doc[head.i].children
            if c.dep_ == "advcl"
            and any(k.dep_ == "mark" and k.lower_ in ("while", "when", "as") for k in c.children)
        )
        # The clause's own date first, then that of the verb reporting it ("said on
        # Wednesday that it had signed ...").
        chain = [anchors]
        for anc in tok.ancestors:
            if anc.pos_ in ("VERB", "AUX") and anc.i not in anchors:
                chain.append({anc.i})
        # Found once per sentence, not once per mention; kept as token offsets (a Span kept
        # on its own Doc would make a reference cycle and hold every parsed sentence).
        bounds = doc.user_data.get("armswatch_dates")
        if bounds is None:
            bounds = [
                (sp.start, sp.end)
                for a, b in dates_mod.find_expressions(doc.text)
                if (sp := doc.char_span(a, b, alignment_mode="expand")) is not None
            ]
            doc.user_data["armswatch_dates"] = bounds
        spans = [doc[a:b] for a, b in bounds]
        for level in chain:
            for ent in spans:
                cur, steps = ent.root, 0
                while cur.head.i != cur.i and steps < 4 and cur.i not in level:
                    cur = cur.head
                    steps += 1
                    if cur.pos_ in ("VERB", "AUX") and cur.i not in level:
                        break
                    if cur.dep_ in ("nsubj", "nsubjpass", "appos", "dobj") and cur.i not in level:
                        break  # "Lukashenko, in power since 1994, said": dates a person
                    if cur.i not in level and self._owned_event(cur):
                        break  # "thanked Kim for his visit on June 12": the visit's date

                if cur.i in level:
                    value = dates_mod.resolve(ent.text, published, past=_told_in_past(tok))
                    if value:
                        return value, ent.text
        # One day-precise date in the whole sentence ("..., according to an announcement on
        # Saturday") dates its events.
        days = [
            (v, ent.text)
            for ent in spans
            if (v := dates_mod.resolve(ent.text, published))
            and len(v) == 10
            and not self._dates_other_event(ent.root, tok)
            # ("President Lai, who took office on Monday, called on ...": dates the person)
            and not any(
                a.dep_ == "relcl" and a.head.dep_ in ("nsubj", "nsubjpass")
                for a in ent.root.ancestors
                if tok not in a.subtree
            )
        ]
        if len(days) == 1 and len(spans) == 1:
            return days[0]
        return None, None

    def _owned_event(self, tok) -> bool:
        """An event noun with its own possessor ("his visit", "Kim's trip") is another act."""
        return (
            tok.pos_ == "NOUN"
            and any(c.dep_ == "poss" for c in tok.children)
            and bool(self.triggers.lookup(tok.lemma_.lower(), "NOUN"))
        )

    def _dates_other_event(self, date_root, tok) -> bool:
        """ "recognized Kim's visit to the embassy on May 9": the date hangs on another event
        noun (the visit), so it does not date the sentence's other events."""
        cur = date_root
        for _ in range(4):
            if cur.head.i == cur.i:
                return False
            cur = cur.head
            if cur.i == tok.i or cur.pos_ in ("VERB", "AUX"):
                return False
            if cur.pos_ == "NOUN" and self.triggers.lookup(cur.lemma_.lower(), "NOUN"):
                return True
        return False

    # -- article level -----------------------------------------------------------------------
    def _denies_a_claim(self, d: Mention) -> bool:
        """ "Denied the allegations", "denied it", "rejected the reports" answer earlier
        claims; "dismissed the case" or "rejected the proposal" do not."""
        obj = next((c for c in d.trigger.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None and any(
            c.dep_ in ("xcomp", "ccomp") and sx.is_verb(c) for c in d.trigger.children
        ):
            return False  # ("denies hiring Wagner": a named act, none of those told before)
        return (
            obj is None or obj.pos_ == "PRON" or (obj.lemma_.lower() in self.cues.reporting_nouns)
        )

    def _spread_denials(self, mentions: list[Mention], transfers) -> None:
        """Anaphoric denials ("X denies the allegations") reach the claims they answer."""
        for d in mentions:
            # "denied sending troops": the denied act, told without its recipient, is the one
            # reported earlier ("North Korea has sent troops to Russia")
            # ("deny any arms transfers": the denied act told as a noun)
            partial = [m for m in d.denies if m.suppressed and m.trigger.pos_ != "PROPN"]
            if (
                not d.denial
                or not d.source
                or any(not m.suppressed for m in d.denies)  # it reached a full event already
                or not (partial or self._denies_a_claim(d))
            ):
                continue
            deniers = {a.code for a in d.source}
            kinds = {m.type for m in partial}
            # A denial that names the act ("denied sending soldiers") may answer a claim told
            # several paragraphs before; a bare "denied the reports" answers the latest ones.
            back = 6 if partial else 2
            window = [
                m
                for m in mentions
                if m is not d
                and d.sent_index - back <= m.sent_index <= d.sent_index + 1
                and m.type not in ("REJECT", "ACCUSE")
                and (not kinds or m.type in kinds)
                and not m.suppressed
                and deniers & {a.code for a in (*m.source, *m.target)}
            ]
            # (what was reported before the denial, when anything was: "Iran delivered
            # missiles, officials said, a claim Tehran denied. The US imposed sanctions ...")
            window = [m for m in window if m.sent_index <= d.sent_index] or window
            charges = [
                m
                for m in mentions
                if m.type == "ACCUSE"
                and m.sent_index == d.sent_index
                and deniers & {a.code for a in m.target}
            ]
            if charges:
                # "Hamas accused Israel of blocking aid, a charge Israel denied": the denial
                # answers that charge, not whatever else Israel did in the sentences before
                accusers = {a.code for m in charges for a in m.source}
                window = [
                    m
                    for m in window
                    if m.sent_index == d.sent_index
                    # (unnamed accusers, "Western governments": what they charged, in the
                    # same sentence)
                    and (not accusers or accusers & {a.code for a in m.claimed_by})
                ]
                if not d.target:
                    d.target = tuple({a.code: a for m in charges for a in m.source}.values())
            claimed = [m for m in window if m.claimed_by]
            if partial and not any(sx.is_verb(p.trigger) for p in partial):
                # ("denied any role in the April attack": a noun denies only what someone
                # claimed, not acts the article tells as facts)
                window = claimed
            for m in claimed or window:
                for a in d.source:
                    if a.code not in {x.code for x in m.denied_by}:
                        m.denied_by.append(a)
                d.denies.append(m)
            if not d.target:
                accusers = {
                    a.code: a for m in d.denies for a in m.claimed_by if a.code not in deniers
                }
                d.target = tuple(accusers.values())
            for t in transfers:
                if t.event in d.denies or (
                    not d.denies  # (else it answered those: not a later aid programme)
                    and d.sent_index - 2 <= t.sent_index <= d.sent_index + 1
                    and deniers & {a.code for a in (*t.supplier, *t.recipient, *t.pair)}
                ):
                    for a in d.source:
                        if a.code not in {x.code for x in t.denied_by}:
                            t.denied_by.append(a)
        for d in mentions:
            if not d.denial or d.target:
                continue
            deniers = {a.code for a in d.source}
            accusers = {a.code: a for m in d.denies for a in m.claimed_by if a.code not in deniers}
            if not accusers:
                # "denied sending soldiers to Russia" answers whoever claimed that same act
                # earlier, however far back
                keys = {_key(m) for m in d.denies}
                accusers = {
                    a.code: a
                    for m in mentions
                    if m.sent_index < d.sent_index and not m.suppressed and _key(m) in keys
                    for a in m.claimed_by
                    if a.code not in deniers and not _private(a)
                }
            if not accusers:
                # Otherwise the denial answers the latest accusation or claim against the
                # denier earlier in the article.
                earlier = sorted(
                    (
                        m
                        for m in mentions
                        if d.sent_index - 3 <= m.sent_index <= d.sent_index and m is not d
                    ),
                    key=lambda m: m.sent_index,
                )
                for m in reversed(earlier):
                    if m.suppressed and not deniers & {a.code for a in m.source}:
                        continue  # ("would destroy relations between the two": no act of theirs)
                    if m.type == "ACCUSE" and deniers & {a.code for a in m.target}:
                        accusers = {a.code: a for a in m.source if a.code not in deniers}
                    elif m.claimed_by and deniers & {a.code for a in (*m.source, *m.target)}:
                        accusers = {
                            a.code: a
                            for a in m.claimed_by
                            if a.code not in deniers and not _private(a)
                        }
                    if accusers:
                        break
            d.target = tuple(accusers.values())
        for d in mentions:
            if d.denial and d.claimed_by:
                # A rejection is not the rejected party's claim (parse slips can nest the
                # denial inside the allegation it answers).
                tgt = {a.code for a in d.target}
                d.claimed_by = [a for a in d.claimed_by if a.code not in tgt]

    def _events(self, mentions: list[Mention]) -> list[Event]:
        """One Event per (type, dyad, modality); repeats add evidence and claims."""
        merged: dict[tuple, Event] = {}
        for m in mentions:
            src_codes = {a.code for a in m.source}
            if (
                m.type not in ("CONSULT", "COOPERATE", "AGREE", "SUPPORT", "CONCEDE", "ASSAULT")
                or len(src_codes) < 2
            ):
                tgt_codes = {a.code for a in m.target}
                if src_codes and src_codes == tgt_codes and len(src_codes) == 1:
                    # "it ... sanctions against Russia" with "it" read as Russia: the explicit
                    # target is more reliable than the resolved source.
                    m.source = ()
                else:
                    m.target = tuple(a for a in m.target if a.code not in src_codes)
            if m.suppressed or (not m.source and not m.target):
                continue
            if (not m.target or not m.source) and m.type not in ONE_SIDED_TYPES:
                continue
            ev = Event(
                type=m.type,
                source=m.source,
                target=m.target,
                modality=m.modality,
                claimed_by=tuple(m.claimed_by),
                denied_by=tuple(m.denied_by),
                date=m.date,
                date_text=m.date_text,
                mode=m.mode or None,
                context=("military",) if m.mode == "military" else (),
                trigger=m.trigger.text,
                evidence=(Evidence(m.sentence, m.trigger_span, m.rule),),
                confidence=round(min(m.confidence, 0.99), 3),
            )
            key = ev.key()
            prev = merged.get(key)
            if prev is None:
                merged[key] = ev
                continue
            merged[key] = Event(
                type=prev.type,
                source=prev.source,
                target=prev.target,
                modality=prev.modality,
                claimed_by=_union(prev.claimed_by, ev.claimed_by),
                denied_by=_union(prev.denied_by, ev.denied_by),
                date=prev.date or ev.date,
                date_text=prev.date_text or ev.date_text,
                mode=prev.mode or ev.mode,
                context=prev.context or ev.context,
                trigger=prev.trigger,
                evidence=prev.evidence + ev.evidence,
                confidence=max(prev.confidence, ev.confidence),
            )
        events = list(merged.values())
        # A vague-source report of an event the article names the source of elsewhere
        # ("the resolution also blacklists North Korean individuals") is that event.
        named = {
            (e.type, e.modality, tuple(sorted(codes_of(e.target))))
            for e in events
            if e.source and e.target
        }
        events = [
            e
            for e in events
            if e.source
            or not e.target
            or (e.type, e.modality, tuple(sorted(codes_of(e.target)))) not in named
        ]
        return sorted(events, key=lambda e: e.evidence[0].trigger.start)


# Acts of words only: "the move" or "the decision" someone reacts to is none of them.
WORDS_ONLY = {"ACCUSE", "THREATEN", "REQUEST"}  # (and denials; a veto is an act)


def datelines(text: str, paragraphs: int = 3) -> tuple[tuple[int, int], ...]:
    """Spans of datelines ("WASHINGTON (Reuters) - ") opening one of the first paragraphs:
    the story may start with its headline or a byline before the dateline."""
    out = []
    for para in itertools.islice(re.finditer(r"[^\n]+", text), paragraphs):
        m = _DATELINE.match(text, para.start())
        if m and m.end() < para.end():
            out.append((para.start(), m.end()))
    return tuple(out)


def _told_in_past(tok) -> bool:
    """Whether the trigger's clause is in the past tense ("met", "has sent"), not "will meet"."""
    head = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return head.tag_ in ("VBD", "VBN") and not any(
        c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in head.children
    )


def _aim_at_events(mentions: list[Mention], agreement_nouns=frozenset()) -> None:
    """ "She denounced these negotiations": criticism of an event targets its actors, found
    in the event noun itself or, for an anaphoric one, in the latest such event before; "the
    agreement" is the latest agreement signed or reached, not any promise."""

    def on_paper(mention: Mention) -> bool:
        obj = sx.child(mention.trigger, "dobj")
        return mention.trigger.lemma_.lower() in agreement_nouns or (
            obj is not None and obj.lemma_.lower() in agreement_nouns
        )

    for i, m in enumerate(mentions):
        if m.target or not m.object_event:
            continue
        paper = m.object_event == "AGREE" and on_paper(m)
        same = [p for p in mentions if p.sent_index == m.sent_index]
        # earlier sentences latest first, and within one the main act first ("Hungary blocked
        # the release of aid for Ukraine ... criticised the move": the blocking)
        earlier = sorted(
            mentions[:i],
            key=lambda p: (-p.sent_index, sum(1 for _ in p.trigger.ancestors), -p.trigger.i),
        )
        candidates = [*same, *earlier]
        # (acts with a named author first: "condemned the drills" means the drills someone
        # held, not weapons "stationed in Belarus" by no one named)
        candidates = [p for p in candidates if p.source] + [p for p in candidates if not p.source]
        for prev in candidates:
            if prev is m or m.sent_index - prev.sent_index > (3 if m.object_event == "*" else 6):
                continue  # ("the move" is recent; "the sanctions" may be paragraphs back)
            if m.object_event == "*":
                # "Beijing condemned the move": the latest act of someone else
                if (
                    # (an act told in a main clause without its target is still the move)
                    prev.suppressed
                    and not (prev.one_sided and prev.trigger.dep_ in ("ROOT", "conj", "ccomp"))
                    or prev.type in WORDS_ONLY
                    or (prev.type == "REJECT" and prev.denial)
                    or not prev.source
                ):
                    continue  # ("welcomed the decision": not a warning or a demand about it)
            elif paper:
                # "Austin welcomed the agreement": the pact signed or reached, not a promise
                if (
                    prev.type not in ("AGREE", "SUPPORT")
                    # (or an arms sale agreed or approved: "condemned the deal")
                    or not (on_paper(prev) or prev.stage)
                    or not prev.source
                    or (prev.suppressed and not prev.target)  # (the contract, not its signing)
                ):
                    continue
            elif m.object_event == "SUPPLY":
                # "concern over the planned drone sales": arms offered, agreed or sent
                if not prev.stage or prev.type not in ("AID", "AGREE") or not prev.source:
                    continue
            elif (
                prev.type != m.object_event
                and {prev.type, m.object_event} != {"MOBILIZE", "COOPERATE"}  # (joint drills)
            ) or (prev.suppressed and not prev.source):
                continue  # ("the strikes" are not a war mentioned in passing)
            # A joint act ("these negotiations", a pact) has all its parties as authors; a
            # directed one ("the sanctions") its source.
            joint = (
                paper
                or prev.type in ("CONSULT", "COOPERATE")
                or {a.code for a in prev.source} == {a.code for a in prev.target}
            )
            authors = (*prev.source, *prev.target) if joint or not prev.source else prev.source
            actors = {a.code: a for a in authors if a.code not in {s.code for s in m.source}}
            if actors:
                m.target = tuple(actors.values())
                m.suppressed = m.suppressed and not m.source
                break


def _dates_of_anaphors(mentions: list[Mention]) -> None:
    """ "The Treasury on Wednesday announced sanctions ... The sanctions target three firms":
    an undated definite event noun is the act told before, and has its date (and its
    author, when it names none)."""
    for i, m in enumerate(mentions):
        tok = m.trigger
        if (
            m.date
            or sx.is_verb(tok)
            or not any(
                c.dep_ == "det" and c.lower_ in ("the", "these", "this") for c in tok.children
            )
        ):
            continue
        codes = {a.code for a in m.source}
        for prev in reversed(mentions[:i]):
            if prev.sent_index >= m.sent_index or prev.type != m.type or not prev.date:
                continue
            if not codes or codes & {a.code for a in prev.source}:
                m.date, m.date_text = prev.date, prev.date_text
                if not m.source and prev.source:
                    m.source = tuple(
                        a for a in prev.source if a.code not in {t.code for t in m.target}
                    )
            break


def _key(m: Mention) -> tuple:
    """(type, source codes, target codes) of a mention."""
    return m.type, frozenset(a.code for a in m.source), frozenset(a.code for a in m.target)


def _implied_recipients(mentions: list[Mention]) -> None:
    """ "Zelenskiy urged allies to send Patriot systems. Germany said it would deliver another
    battery": weapons a named supplier sends to no one named go to the recipient of the
    arms just reported (within two sentences), when there is one."""
    for i, m in enumerate(mentions):
        if not (m.one_sided and m.suppressed and m.stage and m.weapons and m.source):
            continue
        if m.type not in ("AID", "AGREE") or m.target or not sx.is_verb(m.trigger):
            continue  # (a noun, "concern about Turkish arms exports", states no delivery)
        if m.stage_parent is not None:
            continue  # ("asked China to supply drones": the request tells the recipient)
        own = {a.code for a in m.source}
        # The same supplier's recipient first ("Seoul may supply arms to Kyiv, after ...
        # Seoul would not rule out providing defensive arms"), then the latest one.
        same = [
            p
            for p in mentions[:i]
            if p.type in ("AID", "AGREE")
            and p.stage
            and p.target
            and {a.code for a in p.source} == own
            and m.sent_index - p.sent_index <= 3
        ]
        mine = {id(p) for p in same}
        for prev in [*reversed(same), *reversed(mentions[:i])]:
            if m.sent_index - prev.sent_index > 2 and id(prev) not in mine:
                break
            if id(prev) in mine or (prev.type == "AID" and prev.target):
                found = prev.target
            elif prev.type == "REQUEST" and prev.stage and prev.source:
                found = prev.source  # the asker ("urged allies to send ...")
            else:
                continue
            found = tuple(a for a in found if a.code not in own)
            if found:
                m.target = found
                # (the recipient's own officials claim nothing about their deliveries)
                m.claimed_by = [a for a in m.claimed_by if a.code not in {x.code for x in found}]
                m.suppressed = m.one_sided = False
                m.rule = m.rule.replace("/1", "+implied-recipient/1")
                m.confidence *= 0.8
                break


def _claimed_wrongdoing(mentions: list[Mention]) -> list[Mention]:
    """Someone's claim that others fought, coerced or armed someone is their accusation.

    "Kyiv's military intelligence reported that Russian units fired missiles" is also
    ACCUSE UKR->RUS; "London had proof that Minsk was about to send shells to Russia" is also
    ACCUSE GBR->BLR, RUS (the codebook's "X accused Y of supplying Z").
    """
    out: list[Mention] = []
    for m in mentions:
        # (a report by the media, "Russian state media reported", accuses no one)
        claimants = [
            a for a in (*m.claimed_by, *m.voiced_by) if not _private(a) and a.sector != "JRN"
        ]
        if m.suppressed or not claimants or m.type not in WRONGDOING or m.modality == "negated":
            continue  # ("Russia has not received drones from Iran, London says": no charge)
        if m.rule.startswith("verb.foreign-weapons"):
            continue  # (the maker of weapons someone is criticised for using is not accused)
        if m.modality == "hypothetical" and _conditional(m.trigger):
            continue  # "Iran will face consequences if it attacks Israel": no accusation
        if m.type == "AID" and not (m.weapons or m.mode == "military"):
            continue
        claimers = {a.code for a in claimants}
        accused = m.source + (m.target if m.type == "AID" else ())
        if not accused or claimers & {a.code for a in accused}:
            continue  # an admission ("Iran acknowledged it had supplied drones") accuses no one
        if any(
            a.type == "ACCUSE"
            and a.sent_index == m.sent_index
            and not a.rule.startswith("frame.")
            and claimers & {x.code for x in a.source}
            and {x.code for x in m.source} & {x.code for x in a.target}
            for a in mentions
        ):
            continue  # "X accused Y of supplying Z" accuses Y, as said (codebook)
        out.append(
            Mention(
                type="ACCUSE",
                trigger=m.trigger,
                source=tuple(claimants),
                target=accused,
                rule="frame.claimed-wrongdoing/1",
                confidence=m.confidence * 0.8,
                sentence=m.sentence,
                trigger_span=m.trigger_span,
                sent_index=m.sent_index,
                date=m.date,
                date_text=m.date_text,
            )
        )
    return out


WRONGDOING = {"ASSAULT", "COERCE", "AID", "MOBILIZE"}


def _conditional(tok) -> bool:
    """Whether the trigger is the verb of an "if"/"unless" clause."""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children)


def _private(a: Actor) -> bool:
    """A person the knowledge base does not know (a broker, an analyst): their claims are
    not a state's accusations."""
    return a.kind == "person" and not a.name


def _union(a: tuple[Actor, ...], b: tuple[Actor, ...]) -> tuple[Actor, ...]:
    seen = {x.code for x in a}
    return a + tuple(x for x in b if x.code not in seen and not seen.add(x.code))


_DEFAULT: Extractor | None = None


def extract_article(article: Article) -> Extraction:
    """Convenience: extract one article with a shared default Extractor."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.extract(article)
