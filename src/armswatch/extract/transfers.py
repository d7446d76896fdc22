"""Arms transfers: from trigger mentions with weapons to one record per supplier-recipient pair.

A mention becomes a transfer mention when its trigger carries a stage (supply, sale, deal,
negotiations, request ...) and weapons appear among its arguments. Stage, modality and
claims come from the outermost stage-setting trigger ("negotiating an agreement on the
supply of ammunition" is a negotiation). Per article, each supplier-recipient pair keeps its
most advanced stage among actual reports (else among all), as the codebook asks; pairs
whose direction the sentence leaves open ("arms talks between Russia and North Korea") take
it from other mentions of the same pair in the article.
"""

from __future__ import annotations

from collections import Counter

from ..model import STAGE_RANK, Actor, Evidence, Transfer
from .rules import MODALITY_RANK, Mention, TransferMention

_SYMMETRIC_STAGE_TYPES = {"CONSULT", "COOPERATE", "AGREE", "SUPPORT"}
_TALK_TYPES = {"CONSULT", "COOPERATE"}  # their source and target are no supplier and recipient


def transfer_mentions(ctx, mentions: list[Mention]) -> list[TransferMention]:
    out: list[TransferMention] = []
    for m in mentions:
        if not m.stage or not m.weapons:
            continue
        outer = m.stage_parent
        if outer is not None and outer.weapons is m.weapons and outer.stage:
            continue  # the outer trigger reports this transfer itself
        head = outer or m
        inner = m.stage_child if head is m and m.stage_child is not None else m
        supplier, recipient, pair = _sides(head, inner)
        if not (supplier or recipient or pair):
            continue
        own = m.origin_weapons
        if len(supplier) > 1 and own and {a.code for a in supplier} <= set(own):
            # "bought Chinese air defence systems and Russian jets": each seller its own items
            for a in supplier:
                out.append(_transfer_mention(m, head, (a,), recipient, pair, own[a.code]))
            continue
        out.append(_transfer_mention(m, head, supplier, recipient, pair, m.weapons))
    return out


def _transfer_mention(m, head, supplier, recipient, pair, weapons) -> TransferMention:
    """One transfer mention of ``weapons`` from ``supplier`` to ``recipient``."""
    classes: list[str] = []
    texts: list[str] = []
    for w in weapons:
        texts.append(w.text)
        if w.unspecified:
            continue  # "weapons" says arms move, not which: no item class
        for c in w.classes:
            if c not in classes:
                classes.append(c)
    if (
        len(classes) > 1
        and "other" in classes
        and any(not w.specific for w in weapons if "other" in w.classes)
    ):
        classes.remove("other")
    return TransferMention(
        supplier=supplier,
        recipient=recipient,
        pair=pair,
        stage=head.stage,
        items=tuple(classes),
        item_text=tuple(dict.fromkeys(texts)),
        modality=head.transfer_modality or head.modality,
        claimed_by=list(head.claimed_by or m.claimed_by),
        denied_by=list(m.denied_by) + [a for a in head.denied_by if a not in m.denied_by],
        event=head,
        sent_index=m.sent_index,
        makers=tuple(dict.fromkeys(w.maker for w in weapons if w.maker)),
    )


def _sides(head: Mention, inner: Mention):
    """(supplier, recipient, undirected pair) for a transfer mention.

    AID mentions are already oriented supplier -> recipient (the rules flip "Russia received
    drones from Iran"). An outer trigger ("approved a sale", "may agree to supply", "requested
    permission to purchase") names the stage; the parties come from whichever of the two
    names them.
    """
    if head is inner or inner.type != "AID":
        src, tgt = head.source or inner.source, head.target or inner.target
        if head.type == "REQUEST":
            return tuple(tgt), tuple(src), ()
        codes_s, codes_t = {a.code for a in src}, {a.code for a in tgt}
        if head.type in _SYMMETRIC_STAGE_TYPES and len(codes_t) >= 2 and not codes_s & codes_t:
            # "a broker arranged arms deals between Russia and North Korea": the parties are
            # the pair, not the broker
            return (), (), tuple(tgt)
        if (
            head.type in _SYMMETRIC_STAGE_TYPES
            and (codes_s == codes_t or not codes_t or head.type in _TALK_TYPES)
            and len(codes_s | codes_t) >= 2
        ):
            # ("Pakistan is negotiating with China over jets": who sells to whom is not said
            # by the talks; another mention of the pair may say it)
            return (), (), tuple({a.code: a for a in (*src, *tgt)}.values())
        supplier = src or inner.origin or head.origin
        return tuple(supplier), tuple(tgt), ()
    # An outer trigger over an oriented AID mention.
    if head.type == "REQUEST":
        if inner.source and inner.target:
            # "Poland asked Germany for permission to transfer Leopards to Ukraine": the
            # requested transfer names its own parties
            return tuple(inner.source), tuple(inner.target), ()
        recipient = head.source or inner.target
        supplier = head.target or inner.source or inner.origin
        return tuple(supplier), tuple(recipient), ()
    if head.type in _SYMMETRIC_STAGE_TYPES and not (inner.source and inner.target):
        both = {a.code: a for a in (*head.source, *head.target, *inner.source, *inner.target)}
        if len({a.code for a in head.source} | {a.code for a in head.target}) >= 2 and {
            a.code for a in head.source
        } == {a.code for a in head.target}:
            return (), (), tuple(both.values())
    if head.type in _TALK_TYPES and inner.target and not (inner.source or inner.origin):
        # "Vietnam is in talks with the United States to purchase F-16s": the buyer's
        # partner in the talks sells
        buyers = {a.code for a in inner.target}
        partner = {a.code: a for a in (*head.source, *head.target) if a.code not in buyers}
        if partner:
            return tuple(partner.values()), tuple(inner.target), ()
    supplier = inner.source or head.source or inner.origin
    recipient = inner.target or head.target
    return tuple(supplier), tuple(recipient), ()


def build_transfers(raw: list[TransferMention], mentions: list[Mention]) -> list[Transfer]:
    """One Transfer per (supplier, recipient) code pair."""
    directed: dict[tuple[str, str], list[TransferMention]] = {}
    suppliers_seen = Counter(a.code for t in raw for a in t.supplier)
    recipients_seen = Counter(a.code for t in raw for a in t.recipient)
    aid = _pairs(mentions, "AID")
    asks = {(r, s) for s, r in _pairs(mentions, "REQUEST")}  # the asked supplies the asker
    actors: dict[str, Actor] = {}
    for t in raw:
        for a in (*t.supplier, *t.recipient, *t.pair):
            actors.setdefault(a.code, a)
        if t.pair:
            codes = [a.code for a in t.pair]
            for i, x in enumerate(codes):
                for y in codes[i + 1 :]:
                    d = _orient(x, y, directed, suppliers_seen, recipients_seen, aid, asks)
                    if d is None and len(t.makers) == 1 and t.makers[0] in (x, y):
                        # "India and France signed a contract for Rafale jets": the state
                        # that makes the system supplies it
                        d = (x, y) if t.makers[0] == x else (y, x)
                    if d:
                        directed.setdefault(d, []).append(t)
            continue
        for s in t.supplier:
            for r in t.recipient:
                if s.code != r.code:
                    directed.setdefault((s.code, r.code), []).append(t)
    out: list[Transfer] = []
    for (s, r), group in directed.items():
        actual = [t for t in group if t.modality == "actual"]
        pool = actual or group
        top = max(STAGE_RANK[t.stage] for t in pool)
        chosen = [t for t in pool if STAGE_RANK[t.stage] == top]
        chosen.sort(key=lambda t: MODALITY_RANK[t.modality])
        first = chosen[0]
        items: list[str] = []
        texts: list[str] = []
        for t in group:
            items.extend(i for i in t.items if i not in items)
            texts.extend(x for x in t.item_text if x not in texts)
        if len(items) > 1 and "other" in items:
            items.remove("other")
        claims = _actors([a for t in chosen for a in t.claimed_by], exclude={s})
        # ("Russia and China supply Myanmar ..." denied by Russia: not China's denial)
        others = {a.code for t in group for a in (*t.supplier, *t.recipient, *t.pair)} - {s, r}
        denials = _actors([a for t in group for a in t.denied_by if a.code not in others])
        evidence = tuple(
            dict.fromkeys(
                Evidence(t.event.sentence, t.event.trigger_span, "transfer." + t.event.rule)
                for t in [first, *[g for g in group if g is not first]]
            )
        )
        conf = max(t.event.confidence for t in chosen)
        out.append(
            Transfer(
                supplier=(actors[s],),
                recipient=(actors[r],),
                stage=first.stage,
                items=tuple(items),
                item_text=tuple(texts),
                modality=first.modality,
                claimed_by=claims,
                denied_by=denials,
                date=first.event.date,
                date_text=first.event.date_text,
                trigger=first.event.trigger.text,
                evidence=evidence,
                confidence=round(min(conf, 0.99), 3),
            )
        )
    return out


def _pairs(mentions: list[Mention], etype: str) -> set[tuple[str, str]]:
    """(source, target) code pairs of the article's events of one type."""
    return {
        (s.code, r.code)
        for m in mentions
        if m.type == etype and not m.suppressed
        for s in m.source
        for r in m.target
    }


def _orient(x, y, directed, suppliers, recipients, aid, asks):
    """Direction of an undirected pair from the rest of the article, or None."""
    for a, b in ((x, y), (y, x)):
        if (a, b) in directed or (a, b) in aid or (a, b) in asks:
            return a, b
    net_x, net_y = suppliers[x] - recipients[x], suppliers[y] - recipients[y]
    if net_x != net_y:  # the one named more often as supplier supplies
        return (x, y) if net_x > net_y else (y, x)
    return None


def _actors(actors: list[Actor], exclude: set[str] = frozenset()) -> tuple[Actor, ...]:
    seen: dict[str, Actor] = {}
    for a in actors:
        if a.code not in exclude:
            seen.setdefault(a.code, a)
    return tuple(seen.values())
