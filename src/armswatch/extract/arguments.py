"""Finding an event's source and target in the dependency parse.

:class:`ArgumentRules` is the part of :class:`armswatch.extract.rules.SentenceRules` that reads
who acts on whom: subjects and objects of verbs (active and passive, control verbs, relative
clauses), owners and complements of event nouns, prepositions per event type, places abroad,
the forces or envoys moved, conditions a threat hinges on, and weapons and their origin.
"""

from __future__ import annotations

from ..model import Actor
from . import syntax as sx

# Per type, which prepositions may introduce the target (in order of preference).
TARGET_PREPS = {
    "CONSULT": ("with", "to", "between", "among"),
    "COOPERATE": ("with", "between", "among", "of"),
    "AGREE": ("with", "to", "between", "for"),
    "SUPPORT": ("for", "to", "with", "of"),
    "CONCEDE": ("to", "with", "for"),
    "AID": ("to", "for", "into"),
    "RETREAT": ("from", "of", "on", "against", "to"),
    "REQUEST": ("on", "upon", "from", "to", "of"),
    "ACCUSE": ("against", "over", "about", "of", "at", "on", "to", "with", "for"),
    "REJECT": ("of", "from", "by", "to"),
    "THREATEN": ("against", "to", "at", "with", "on"),
    "PROTEST": ("against", "at", "outside", "over", "to", "with"),
    "SANCTION": ("on", "against", "to", "from", "of", "for"),
    "MOBILIZE": (
        "against",
        "near",
        "around",
        "toward",
        "towards",
        "to",
        "into",
        "on",
        "along",
        "at",
        "in",  # ("deployed in Mali": where they are sent, when abroad)
    ),
    "COERCE": ("against", "on", "of", "from", "to", "into"),
    "ASSAULT": ("on", "against", "at", "of", "into", "toward", "towards", "with"),
}
CONFLICT = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
REFLEXIVES = {"itself", "themselves", "himself", "herself", "ourselves", "oneself"}
# Prepositions around an object that name the counterpart of object-typed triggers.
OBJECT_PREPS = ("with", "to", "from", "in", "into", "for", "on", "between")
# Types whose place, when abroad, names the target: protests, attacks, coercion.
PLACED = {"PROTEST", "ASSAULT", "COERCE"}
# Types whose object event is someone else's act: "condemned the delivery", "urged talks".
STANCE_TYPES = {"ACCUSE", "PROTEST", "THREATEN", "REQUEST"}
MOVING = {"AGREE", "RETREAT", "MOBILIZE"}  # types whose object may be the forces moved
# Verbs of a buyer: "the weapons that Yerevan paid for" go to Yerevan.
BUYING = {"pay", "buy", "purchase", "order", "request", "await"}
# How an event noun hangs off a verb when the verb only times it ("met on the sidelines").
TEMPORAL_PREPS = {
    "prep:on",
    "prep:during",
    "prep:at",
    "prep:after",
    "prep:before",
    "prep:following",
    "prep:ahead",
}
# Dependencies followed from a trigger to the weapons among its arguments.
WEAPON_PATH = {
    "compound",
    "amod",
    "dobj",
    "pobj",
    "prep",
    "conj",
    "appos",
    "nmod",
    "dative",
    "nummod",
    "npadvmod",
    "attr",
    "oprd",
    "nsubjpass",
    "quantmod",
    "advmod",
}


def origins_of(by_origin) -> tuple[Actor, ...]:
    """The distinct origins of (origin, weapon) pairs, in order."""
    origins: dict[str, Actor] = {}
    for actors, _ in by_origin:
        for a in actors:
            origins.setdefault(a.code, a)
    return tuple(origins.values())


def _in_exchange(tok) -> bool:
    """Whether ``tok`` is the "for" of "in exchange for" / "in return for"."""
    return (
        tok.dep_ == "prep"
        and tok.lower_ == "for"
        and tok.i > 0
        and tok.doc[tok.i - 1].lower_ in ("exchange", "return")
    )


def purpose_clause(tok) -> bool:
    """An infinitive of purpose ("... to support the system"): said as an aim, not an act."""
    return (
        tok.dep_ == "advcl"
        and sx.is_verb(tok)
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    )


class ArgumentRules:
    """Argument finding; expects ``doc``, ``sa``, ``cues``, ``triggers`` and ``_weapon_at``
    on the instance (set by SentenceRules)."""

    @staticmethod
    def _object_tokens(tok) -> list:
        """What a trigger acts on: a verb's direct object (a passive verb's subject) or a
        noun's "of" complement ("the withdrawal of inspectors"), and what an amount of it
        holds ("hundreds of prisoners", "700 kg of medicine", "one of the drones")."""
        if sx.is_verb(tok):
            obj = sx.child(tok, "dobj", "nsubjpass")
        else:
            obj = next((o for p, o in sx.preps(tok) if p == "of" and o is not None), None)
        if obj is None:
            return []
        inner = next((o for p, o in sx.preps(obj) if p == "of" and o is not None), None)
        return [obj] if inner is None else [obj, inner]

    def actors(self, tok) -> tuple[Actor, ...]:
        return self.sa.np_actors(tok) if tok is not None else ()

    def _governor(self, tok):
        """For a noun trigger, the verb it is an argument of, and how."""
        head = tok.head
        # "launched hundreds of strikes", "imposed a series of sanctions": look through.
        if (
            tok.dep_ == "pobj"
            and head.lower_ == "of"
            and (
                head.head.lemma_.lower() in self.cues.quantity_nouns
                or head.head.lemma_.lower() in self.cues.currencies  # "$5m of aid"
            )
        ):
            return self._governor(head.head)
        if head.i == tok.i:
            return None, None
        if tok.dep_ in (
            "dobj",
            "attr",
            "nsubjpass",
            "oprd",
            "dative",
            "nsubj",
            "conj",
            "appos",
            "npadvmod",
        ):
            if tok.dep_ == "conj":
                return self._governor(head) if head.pos_ == "NOUN" else (head, "conj")
            return (head, tok.dep_) if sx.is_verb(head) else (None, None)
        # ("complained over X": the preposition may be read as a particle)
        if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent", "prt") and sx.is_verb(head.head):
            return head.head, "prep:" + head.lower_
        if tok.dep_ == "compound" and head.pos_ == "NOUN":
            return self._governor(head)
        return None, None

    def arguments(self, tok, row) -> tuple[tuple[Actor, ...], tuple[Actor, ...], str]:
        if sx.is_verb(tok):
            return self._verb_arguments(tok, row)
        return self._noun_arguments(tok, row)

    def _verb_arguments(self, v, row):
        subj, passive = sx.subject(v, self.cues.object_control)
        agent = next((o for p, o in sx.preps(v) if p == "by" and o is not None), None)
        rule = "verb.active/1"
        if v.dep_ == "acl" and subj is not None and not self.actors(subj) and v.tag_ != "VBN":
            # "exchanged letters pledging to ...": the letters' authors pledge; "asked for
            # permission to transfer tanks": the asker would transfer them.
            gov = (
                subj.head
                if sx.is_verb(subj.head)
                else (
                    subj.head.head
                    if subj.head.dep_ == "prep"
                    and sx.is_verb(subj.head.head)
                    and subj.head.lower_ in ("for", "in")  # "is in talks to buy jets"
                    else None
                )
            )
            if gov is not None:
                subj, passive = sx.subject(gov, self.cues.object_control)
        if (
            passive
            and agent is None
            and v.lemma_.lower() in self.cues.stative_passives
            and any(p == "to" for p, _ in sx.preps(v))
        ):
            # "Baku is opposed to Russian mediation", "the US is committed to Israel's
            # security": a stance of the subject, not something done to it
            passive = False
        if passive and agent is None and row.type in MOVING and self._forces_owner(subj):
            # "Russian troops were deployed to Belarus": the forces moved are the owner's, and
            # the counterpart is where they go
            source, patient, rule = self._forces_owner(subj), (), "verb.passive-forces/1"
        elif passive:
            # ("drones can be recognised by their sound": things, not actors, as patients)
            patient = self.actors(subj) if subj is not None and not self._is_weapon(subj) else ()
            source, rule = self.actors(agent), "verb.passive/1"
            if not source and v.lemma_.lower() == "summon":
                # "the ambassador was summoned to the foreign ministry in Warsaw": the host
                source = self._prep_actors(v, ("to",))
            if not source and row.type == "AID":
                # "fled to Moscow, where he was granted asylum", "was granted asylum in
                # Russia": the state where it is given gives it
                where = v.dep_ == "relcl" and any(c.lower_ == "where" for c in v.children)
                source = self.actors(v.head) if where else self._prep_actors(v, ("in",))
        else:
            source, patient = self.actors(subj), ()
            if not source and subj is not None and row.type == "AID":
                # "cargo flights from the UAE delivered weapons": the carrier's origin
                source = self._prep_actors(subj, ("from",))
        recipient_subject = row.direction == "recipient_subject" and row.type == "AID"
        if (
            recipient_subject
            and v.dep_ == "acl"
            and v.tag_ in ("VBN", "VBD")  # (a participle the tagger may read as a past)
            and sx.child(v, "nsubj") is None
            and not source
        ):
            # "inducted its first J-10C jets bought from China": from the seller to whoever
            # holds the weapons now
            giver = self._prep_actors(v, ("from",))
            holder = self._holder(v.head) if giver else ()
            if holder:
                return giver, holder, "verb.bought-from/1"
        target = patient
        if not target:
            target = self._objects(v, row)
        if recipient_subject and not passive:
            # "Russia received drones from Iran": AID goes from Iran to Russia; a broker
            # obtaining weapons "for Russia" obtains them for Russia.
            giver = self._prep_actors(v, ("from",)) or self._weapon_origin(v)
            goods = sx.child(v, "dobj")
            beneficiary = self._prep_actors(v, ("for",)) or (
                self._prep_actors(goods, ("for",)) if goods is not None else ()
            )  # ("to buy ammunition for Kyiv")
            source, target = giver, beneficiary or source
            rule = "verb.recipient-subject/1"
        return source, target, rule

    def _own_thing(self, n) -> bool:
        """A noun whose only party is a possessive pronoun ("its efforts", "their ties"): what
        belongs to the subject names no counterpart."""
        poss = sx.child(n, "poss")
        return (
            n.pos_ == "NOUN"
            and n.lemma_.lower() not in self.cues.objects["forces"]  # (troops stay as they were)
            and poss is not None
            and poss.pos_ == "PRON"
            and not any(
                t.i in self.sa.by_token
                for c in n.children
                if c.dep_ in ("compound", "amod", "nmod")
                for t in c.subtree
            )
        )

    def _holder(self, n) -> tuple[Actor, ...]:
        """Who has the things ``n`` names: their possessor ("its jets", "the first batch of
        Pakistan's jets") or the subject of the verb they are the object of."""
        for _ in range(4):
            owner = sx.child(n, "poss")
            if owner is not None and self.actors(owner):
                return self.actors(owner)
            if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.pos_ == "NOUN":
                n = n.head.head  # ("a batch of jets", "half of its weapons")
                continue
            if n.dep_ == "dobj" and sx.is_verb(n.head):
                subj, passive = sx.subject(n.head, self.cues.object_control)
                return self.actors(subj) if not passive else ()
            break
        return ()

    def _objects(self, v, row) -> tuple[Actor, ...]:
        obj = sx.child(v, "dobj")
        if (
            obj is not None
            and obj.lower_ in sx.RELATIVE_PRONOUNS
            and v.dep_ == "relcl"
            and not self._is_weapon(v.head)
            # (", which Iran denies": the denied claim, answered to its authors, not the noun
            # the clause happens to follow)
            and v.lemma_.lower() not in self.cues.denial
        ):
            # "companies that it accused of helping Moscow": the relative clause's head
            found = self.actors(v.head)
            if found:
                return found
        for c in v.children:
            if (
                c.dep_ in ("dobj", "dative", "iobj")
                and not self._is_weapon(c)
                # ("donate its entire stock of shells": an amount of weapons, no party)
                and not (c.dep_ == "dobj" and any(map(self._is_weapon, self._object_tokens(c))))
                and c.lower_ not in REFLEXIVES  # ("defend itself": no counterpart)
                and not (c.i in self.triggers and self.triggers[c.i].stage)
                and not (
                    # "withdrew its troops from Lebanon", "offered its forces to Beirut",
                    # "recalled its ambassador": the forces or envoys moved are the
                    # instrument, not the counterpart
                    c.dep_ == "dobj"
                    and (
                        row.type in MOVING
                        and c.lemma_.lower() in self.cues.bridge_nouns
                        or row.obj
                        and not (row.type == "ASSAULT" and row.obj == "forces")  # the foe
                        and c.lemma_.lower() in self.cues.objects.get(row.obj, ())
                    )
                )
            ):
                # ("approved a US sale": a deal, not a party; but "condemned Russia's
                # invasion" targets Russia)
                found = self.actors(c)
                if found and self._own_thing(c):
                    continue  # "ended its mediation efforts": the subject's own
                if found:
                    return found
        preps = TARGET_PREPS.get(row.type, ())
        if row.type == "CONSULT" and v.lemma_.lower() in self.cues.visit_lemmas:
            preps = (*preps, "in")  # "arrived in Amman": the host
        found = self._prep_actors(v, preps, cooperative=row.type not in CONFLICT)
        if found:
            return found
        if row.type in ("AGREE", "SUPPORT", "REJECT"):
            # "agreed to US mediation", "is opposed to French mediation": the proposer
            for p, o in sx.preps(v):
                if (
                    p in ("to", "with", "on")
                    and o is not None
                    and o.lemma_.lower() in self.cues.proposal_nouns
                ):
                    found = self._noun_owner(o, use_governor=False)
                    if found:
                        return found
        if row.type == "AID":
            # "ready to ship radars to help protect Latvia": whom the help is for
            for c in v.children:
                if c.dep_ == "advcl" and c.lemma_.lower() == "help" and sx.child(c, "aux"):
                    helped = sx.child(c, "dobj") or sx.child(sx.child(c, "xcomp") or c, "dobj")
                    found = self.actors(helped) if helped is not None else ()
                    if found:
                        return found
            # "has supplied 80 percent of Vietnam's weapons": the owner of what is supplied;
            # "failed to deliver weapons that Yerevan paid for": their buyer
            for t in self._object_tokens(v):
                owner = sx.child(t, "poss") if self._is_weapon(t) else None
                # ("donate its stock of shells": the giver's own)
                found = self.actors(owner) if owner is not None and owner.pos_ != "PRON" else ()
                for rel in t.children if not found else ():
                    if rel.dep_ == "relcl" and rel.lemma_.lower() in BUYING:
                        found = self.actors(sx.child(rel, "nsubj"))
                        break
                if found:
                    return found
        # ("demanded the withdrawal", "called for the withdrawal")
        obj = sx.child(v, "dobj") or next(
            (o for p, o in sx.preps(v) if p == "for" and o is not None), None
        )
        if row.type == "REQUEST" and obj is not None and obj.i in self.triggers:
            # "called for the withdrawal of Russian troops from Moldova": asked of Russia,
            # whose forces are to move (the place they leave is no party to the demand)
            found = self._forces_of(obj) or self._noun_owner(obj, use_governor=False)
            if found:
                return found
        # Through a non-actor object: "approved a sale of missiles to Taiwan",
        # "announced sanctions against businesses linked to X".
        for c in v.children:
            if c.dep_ in ("dobj", "nsubjpass", "attr") and not (
                # "denied the sale of drones to Russia": the parties of the denied act are
                # not the denial's target (its accuser is)
                v.lemma_.lower() in self.cues.denial and c.i in self.triggers
            ):
                found = self._deep_prep_actors(c, TARGET_PREPS.get(row.type, ()) + ("to", "on"))
                if found:
                    return found
        if row.type in ("MOBILIZE", "ASSAULT", "AID"):
            # "deployed forces in waters near Iran": the target sits behind a location;
            # "sent inspectors to the plant in Ukraine", "aid to a hospital in Gaza"
            for p, o in sx.preps(v):
                found = ()
                if o is None:
                    continue
                if p in ("in", "into", "across", "over", "off", "along") and row.type != "AID":
                    found = self._prep_actors(o, TARGET_PREPS[row.type])
                elif p == "to" and not self.actors(o):
                    found = self._prep_actors(o, ("in", "near"))
                elif (
                    row.type == "MOBILIZE"
                    and p == "for"
                    and o.i in self.triggers
                    and self.triggers[o.i].type == "ASSAULT"
                ):
                    # "mobilised reservists for a war against Iraq": the war's target
                    found = self._prep_actors(o, TARGET_PREPS["ASSAULT"], cooperative=False)
                if found:
                    return found
        if row.type in PLACED and (
            len({a.code for a in self.actors(sx.subject(v, self.cues.object_control)[0])}) < 2
            or sx.child(v, "dobj") is not None
        ):
            # "rioted at a jail in northern Israel", "attacked an oil depot in Crimea": an act
            # abroad is aimed at the state where it happens (the caller drops the actor's own);
            # but "Russia and Turkey clashed in Syria" fought each other there ("the US and
            # Britain struck targets in Yemen" did not).
            found = self._deep_prep_actors(v, ("in", "at", "outside", "near"), depth=2)
            obj = sx.child(v, "dobj")
            if not found and obj is not None and not self._is_weapon(obj):
                found = self._deep_prep_actors(obj, ("in", "at", "near"), depth=2)
            if found:
                return found
        if row.stage:
            # A purpose clause may carry the recipient: "approved a sale of equipment to
            # support the Hawk system ... to Ukraine".
            for c in v.children:
                if purpose_clause(c):
                    inner = self.triggers.get(c.i)
                    buying = inner is not None and inner.direction == "recipient_subject"
                    # ("signed a contract to buy jets from France": the seller)
                    found = self._prep_actors(c, ("from",) if buying else ("to", "for"))
                    if found:
                        return found
        if row.type in ("AGREE", "SUPPORT"):
            # "authorised a deal for Israel to purchase helicopters"
            for c in v.children:
                if c.dep_ == "advcl" and any(
                    k.dep_ == "mark" and k.lower_ == "for" for k in c.children
                ):
                    found = self.actors(sx.child(c, "nsubj"))
                    if found:
                        return found
        # Whose proposal, request or offer: "rejected a U.S. request", "rejected Iraq's
        # proposal for a ceasefire", "welcomed the Indian offer".
        if row.type in ("REJECT", "REQUEST", "ACCUSE", "THREATEN", "SUPPORT", "AGREE"):
            obj = sx.child(v, "dobj")
            if (
                obj is not None
                and obj.pos_ == "NOUN"
                and not self._is_weapon(obj)
                # (the row's own object: see below)
                and not (row.obj and obj.lemma_.lower() in self.cues.objects.get(row.obj, ()))
            ):
                found = self._noun_owner(obj, use_governor=False)
                if found:
                    return found
        if row.obj and row.obj != "forces":
            # "closed the Russian consulate in Poznan", "suspended Russia's membership",
            # "upgraded their ties": aimed at the owner, unless the actor's own object has a
            # place or partner ("reopened its embassy in Damascus")
            obj = sx.child(v, "dobj")
            if obj is not None and obj.lemma_.lower() in self.cues.objects.get(row.obj, ()):
                found = self._noun_owner(obj, use_governor=False)
                own = {a.code for a in self.actors(sx.subject(v, self.cues.object_control)[0])}
                if found and not (
                    {a.code for a in found} <= own
                    and self._deep_prep_actors(obj, OBJECT_PREPS, depth=2)
                ):
                    return found
        if row.type == "REQUEST":
            # "pushed for more weapons while visiting Pyongyang": asked of the host
            for c in v.children:
                if (
                    c.dep_ == "advcl"
                    and c.i in self.triggers
                    and self.triggers[c.i].type == "CONSULT"
                ):
                    found = self._objects_plain(c) or self._prep_actors(c, ("to", "with"))
                    if found:
                        return found
        if row.obj:
            # Object-typed rows find their counterpart around the object: "suspended air links
            # with Serbia", "strengthened its forces in Lebanon", "lifted a curfew in Kosovo".
            obj = sx.child(v, "dobj")
            found = (
                self._deep_prep_actors(obj, OBJECT_PREPS, depth=2) if obj is not None else ()
            ) or self._prep_actors(v, OBJECT_PREPS)
            if not found and obj is not None:
                # "cancelled a deal to buy Su-35 jets from Russia"
                for c in obj.children:
                    if c.dep_ in ("acl", "relcl") and not found:
                        found = self._prep_actors(c, OBJECT_PREPS) or self._objects_plain(c)
            if found:
                return found
        # Through a complement: "seeking to acquire weapons from North Korea",
        # "concerned that the two countries are ...", "refused to meet Jordan's king",
        # "threatened to break relations with Russia".
        for c in v.children:
            if c.dep_ in ("xcomp", "ccomp") and sx.is_verb(c):
                found = ()
                if row.type in ("AGREE", "SUPPORT") and c.dep_ == "xcomp":
                    # "agreed to supply Russia with shells": the promised act's recipient
                    found = self._objects_plain(c) or self._prep_actors(c, ("to", "for"))
                elif (
                    row.type in ("REJECT", "THREATEN")
                    and c.dep_ == "xcomp"
                    and any(k.dep_ == "aux" and k.lower_ == "to" for k in c.children)
                ):  # "refused to meet X", not "denied sending weapons to X"
                    # The object's complement before the verb's adjuncts: "to break off
                    # relations with Congo over its ties with Israel" is aimed at Congo.
                    obj = sx.child(c, "dobj")
                    found = (
                        self._objects_plain(c)
                        or self._permitted(c)
                        or (
                            self._deep_prep_actors(
                                obj, ("against", "with", "to", "on", "from", "of", "in"), depth=2
                            )
                            if obj is not None
                            else ()
                        )
                    )
                    if not found:
                        found = self._deep_prep_actors(
                            c, ("against", "with", "to", "on", "from", "in", "into", "at"), depth=2
                        )
                elif row.type == "REQUEST":
                    if c.dep_ == "ccomp":
                        # "demanded that the US cancel the sale": the one asked to act, before
                        # whatever the act involves ("match the EU's support")
                        s, _ = sx.subject(c, self.cues.object_control)
                        found = self.actors(s)
                    if not found:
                        found = self._prep_actors(c, ("from",)) or self._objects_plain(c)
                elif row.type in ("ACCUSE", "THREATEN") or (
                    row.type in ("AID", "SUPPORT", "COOPERATE")
                    and c.dep_ == "ccomp"
                    and not any(k.dep_ == "mark" for k in c.children)
                ):
                    # "accused Iran of ..."; "will help Pyongyang build satellites": the
                    # helped one is the subject of the bare complement
                    s, _ = sx.subject(c, self.cues.object_control)
                    found = self.actors(s)
                if found:
                    return found
        return ()

    def _place(self, tok, depth: int = 1) -> tuple[Actor, ...]:
        """The named place an act happens at: "in Idlib", "on a market in Idlib" (a name,
        not "in the Palestinian uprising")."""
        for p, o in sx.preps(tok):
            if o is None or p not in ("in", "at", "near", "on", "outside"):
                continue
            found = self.actors(o) if o.pos_ == "PROPN" else ()
            if not found and depth:
                found = self._place(o, depth - 1)
            if found:
                return found
        return ()

    def _permitted(self, v) -> tuple[Actor, ...]:
        """Who is let do something: "allow UN inspectors to board the ship" (the parse makes
        them the subject of the complement)."""
        if v.lemma_.lower() not in self.cues.permit_verbs:
            return ()
        for c in v.children:
            if c.dep_ in ("ccomp", "xcomp") and sx.is_verb(c):
                subj = sx.child(c, "nsubj")
                if subj is not None:
                    return self.actors(subj)
        return ()

    def _objects_plain(self, v) -> tuple[Actor, ...]:
        for c in v.children:
            if c.dep_ in ("dobj", "dative") and not self._is_weapon(c):
                found = self.actors(c)
                if found:
                    return found
        return ()

    def _prep_actors(self, tok, allowed, cooperative: bool = True) -> tuple[Actor, ...]:
        by_prep: dict[str, tuple[Actor, ...]] = {}
        for p, obj in sx.preps(tok):
            if p in allowed and obj is not None and p not in by_prep:
                if self._is_weapon(obj) and p != "between":
                    continue
                if cooperative and obj.i in self.triggers and p != "between":
                    # "agreed to a US-backed ceasefire": an event, not a party (but
                    # "complained over Israeli air raids" is aimed at Israel, and "support for
                    # Russia's war" backs Russia)
                    owner = sx.child(obj, "poss")
                    found = self.actors(owner) if owner is not None and owner.pos_ != "PRON" else ()
                    if found:
                        by_prep[p] = found
                    continue
                found = ()
                if obj.lemma_.lower() in self.cues.objects["borders"]:
                    # "along its border with Ukraine": the neighbour, not the owner
                    found = self._prep_actors(obj, ("with",))
                found = found or self.actors(obj)
                if not found:
                    # "committed to the defence of the Philippines", "attacks on the territory of X"
                    of = next((o for q, o in sx.preps(obj) if q == "of" and o is not None), None)
                    if of is not None and not self._is_weapon(of):
                        found = self.actors(of)
                if found:
                    by_prep[p] = found
        for p in allowed:
            if p in by_prep:
                return by_prep[p]
        return ()

    def _deep_prep_actors(self, tok, allowed, depth: int = 3) -> tuple[Actor, ...]:
        """Prepositional actors inside a noun phrase: "a sale of equipment to Taiwan"."""
        found = self._prep_actors(tok, allowed)
        if found or depth == 0:
            return found
        for c in tok.children:
            if c.dep_ in ("prep", "pobj", "conj", "compound", "appos"):
                nxt = c if c.dep_ != "prep" else sx.pobj_of(c)
                if nxt is not None and not sx.is_verb(nxt):
                    found = self._deep_prep_actors(nxt, allowed, depth - 1)
                    if found:
                        return found
        return ()

    def _noun_arguments(self, n, row):
        source: tuple[Actor, ...] = ()
        rule = "noun.modifier/1"
        between = next((o for p, o in sx.preps(n) if p == "between" and o is not None), None)
        if between is not None:
            both = self.actors(between)
            if len({a.code for a in both}) >= 2:
                return both, both, "noun.between/1"
        for c in n.children:
            if c.dep_ == "poss":
                source = self.actors(c)
                rule = "noun.possessive/1"
                break
        if not source:
            for c in n.children:
                if c.dep_ in ("compound", "amod", "nmod") and not self._is_weapon(c):
                    # ("Iran-Russia deal": a proper-noun modifier may be a whole phrase)
                    source = self.sa.modifier_actors(c)
                    if not source and c.pos_ == "PROPN":
                        source = self.actors(c)
                    if source:
                        break
        if not source and row.type in MOVING:
            # "the withdrawal of Russian troops": the forces that move are the actor
            source = self._forces_of(n)
            if source:
                rule = "noun.forces-of/1"
        buying = row.type == "AID" and row.direction == "recipient_subject"
        if not source:
            source = self._prep_actors(
                n,
                ("by", "from")
                if row.type in ("AID", "REQUEST", "SANCTION", "ASSAULT", "ACCUSE", "THREATEN")
                and not buying
                else ("by",),
            )
            if source:
                rule = "noun.by/1"
        gov, how = self._governor(n)
        if (
            not source
            and row.stage
            and not (
                # "Saudi Arabia is in talks to buy Chinese drones": the talks are Riyadh's
                gov is not None
                and how in ("prep:in", "prep:into")
                and gov.lemma_.lower() in self.cues.participation_verbs
            )
        ):
            # "shipments of Iranian attack drones to Russia": the supplier is on the weapons.
            source = self._weapon_origin(n)
            if source:
                rule = "noun.weapon-origin/1"
        preps = TARGET_PREPS.get(row.type, ())
        if row.mode == "investigate":
            preps = tuple(p for p in preps if p != "about")  # (reporters' inquiries about X)
        if rule == "noun.forces-of/1":
            preps = tuple(p for p in preps if p != "of")  # ("of" named the forces)
        target = self._prep_actors(n, preps, cooperative=row.type not in CONFLICT) or (
            # "deliveries of Turkish drones to Ukraine": "to" may hang on the weapons
            self._deep_prep_actors(n, TARGET_PREPS.get(row.type, ()), depth=2) if row.stage else ()
        )
        if not target and row.type in PLACED:
            # "ethnic cleansing in Kosovo", "the attack on a convoy in Syria": where it happens
            target = self._place(n)
        if not target and row.obj:
            # "the suspension of flights to Lebanon"
            target = self._deep_prep_actors(n, OBJECT_PREPS, depth=3)
        if not target and n.dep_ == "compound" and n.head.pos_ == "NOUN":
            # "a sanctions resolution on North Korea", "the sanctions package against Russia"
            target = self._prep_actors(n.head, TARGET_PREPS.get(row.type, ()))
        if not target and row.type in STANCE_TYPES:
            # "concern about deepening military cooperation between Moscow and Beijing"
            for c in n.children:
                done = sx.child(sx.child(c, "pcomp") or c, "dobj") if c.dep_ == "prep" else None
                if done is not None and c.lower_ in TARGET_PREPS.get(row.type, ()):
                    target = self.actors(done)
                    if target:
                        break
        if not target and row.type in ("SANCTION", "COERCE"):
            # "sanctions on 400 companies, including firms in China and India"
            target = self._prep_actors(n, ("including",)) or (
                self._prep_actors(gov, ("including",)) if gov is not None else ()
            )
        if not source:
            # "sanctions the U.S. has imposed": the relative clause's subject.
            for c in (*n.children, *(n.head.children if n.dep_ == "compound" else ())):
                if (
                    c.dep_ == "relcl"
                    and (c.lemma_.lower() in self.cues.light_verbs or c.i in self.triggers)
                    and sx.child(c, "dobj") is None  # (the noun is what the clause's verb does)
                ):
                    subj, passive = sx.subject(c, self.cues.object_control)
                    if subj is not None and subj.lower_ not in sx.RELATIVE_PRONOUNS and not passive:
                        source = self.actors(subj)
                        rule = "noun.relative-clause/1"
                        break
        for c in n.children:
            # "the embargo placed on Minsk by the EU": the participle carries the complements.
            if c.dep_ == "acl" and c.tag_ == "VBN":
                if not target:
                    target = self._prep_actors(c, TARGET_PREPS.get(row.type, ()))
                if not source and c.lemma_.lower() not in self.cues.mediating_verbs:
                    # (not "a truce brokered by Qatar": the broker is no party)
                    source = self._prep_actors(c, ("by",))
        if row.type == "REQUEST":
            # ("requests from Kyiv": "from" names the asker here, not the one asked)
            target = tuple(a for a in target if a.code not in {x.code for x in source})
        if (
            not target
            and row.type == "REQUEST"
            and gov is not None
            and how in ("prep:despite", "prep:at", "prep:after", "prep:following", "prep:upon")
        ):
            # "will not send missiles despite requests from Kyiv", "met at Israel's request":
            # asked of whoever acts (or refuses to) in the main clause
            subj, passive = sx.subject(gov, self.cues.object_control)
            if not passive:
                target = tuple(
                    a for a in self.actors(subj) if a.code not in {x.code for x in source}
                )
        if not target and row.type in ("REQUEST", "ACCUSE", "THREATEN"):
            # "its demand that Moscow free the crew", "the warning that Iran would pay"; the
            # clause may hang off the verb: "renewed its call on Monday that Baku open the road"
            moved = gov.children if gov is not None and how == "dobj" else ()
            for c in (*n.children, *(c for c in moved if c.i > n.i and sx.that_clause(c))):
                if (
                    c.dep_ in ("acl", "ccomp")
                    and any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children)
                    or sx.that_clause(c)
                ):
                    target = self.actors(sx.subject(c, self.cues.object_control)[0])
                    if target:
                        break
        if not target:
            # "sanctions targeting Moscow"
            for c in n.children:
                if c.dep_ == "acl" and c.lemma_.lower() in ("target", "hit", "affect", "cover"):
                    target = self._objects_plain(c)
                    if target:
                        break
        if (
            not target
            and source
            and row.type == "CONSULT"
            and gov is not None
            and how in TEMPORAL_PREPS
            and n.lemma_.lower() in self.cues.visit_lemmas
        ):
            # "Serbia signed a deal during a visit by Macron": the host did it while he came
            subj, passive = sx.subject(gov, self.cues.object_control)
            host = () if passive else self.actors(subj)
            target = tuple(a for a in host if a.code not in {x.code for x in source})
        if gov is not None and how == "prep:on" and n.lemma_.lower() in self.cues.state_nouns:
            # "Israeli troops remained on high alert", "Seoul put its forces on alert", "troops
            # were put on alert": the forces' owner (or the subject) readies them
            subj, passive = sx.subject(gov, self.cues.object_control)
            forces = subj if passive else sx.child(gov, "dobj")
            source = source or self._forces_owner(forces) or (() if passive else self.actors(subj))
            target = target or self._prep_actors(gov, TARGET_PREPS["MOBILIZE"]) or self._place(gov)
            return source, target, "noun.state/1"
        if gov is not None and (
            (
                how in ("dobj", "attr", "oprd", "dative")
                and not sx.takes_into_account(gov)  # ("took the drills into account")
                and (
                    gov.lemma_.lower() in self.cues.light_verbs
                    or gov.i in self.triggers
                    # ("Moscow condemned the delivery of F-16s", "Berlin blocked the sale of
                    # jets": not their delivery or sale; but "Iran denied the sale" is Iran's)
                    and self.triggers[gov.i].type not in STANCE_TYPES
                    and not (
                        self.triggers[gov.i].type == "REJECT"
                        and gov.lemma_.lower() not in self.cues.denial
                    )
                )
            )
            or (
                how in ("prep:in", "prep:into")
                and gov.lemma_.lower() in self.cues.participation_verbs
            )
            or (how in TEMPORAL_PREPS and row.type == "CONSULT")
            # "Russian intelligence was behind the arson attack": its author
            or (how == "prep:behind" and gov.lemma_.lower() in ("be", "stand"))
            # "was put under investigation", "placed under arrest"
            or (how == "prep:under" and gov.lemma_.lower() in ("put", "place", "keep"))
            # "Kim arrived in Vladivostok for a summit with Putin": the traveller's
            or (how == "prep:for" and gov.lemma_.lower() in self.cues.visit_lemmas)
        ):
            claim_noun = n.lemma_.lower() in self.cues.reporting_nouns
            if not source and (not claim_noun or gov.lemma_.lower() in self.cues.light_verbs):
                # ("did not address the allegation": not his allegation; "levelled
                # allegations": his)
                subj, passive = sx.subject(gov, self.cues.object_control)
                if passive and gov.lemma_.lower() in self.cues.participation_verbs:
                    passive = False  # "troops were engaged in heavy fighting": theirs
                if passive:
                    agent = next((o for p, o in sx.preps(gov) if p == "by"), None)
                    source = self.actors(agent)
                    if not target:
                        target = self.actors(subj)
                else:
                    source = self.actors(subj)
                rule = "noun.light-verb/1"
            if not target:
                # "imposed sanctions on Russia": the target hangs on the verb; "gave the
                # Ivory Coast aid": or is its indirect object; "arrived in Amman on a visit".
                preps = TARGET_PREPS.get(row.type, ())
                if row.type == "CONSULT" and n.lemma_.lower() in self.cues.visit_lemmas:
                    preps = (*preps, "in")
                target = self._prep_actors(gov, preps, cooperative=row.type not in CONFLICT)
                if not target:
                    ind = sx.child(gov, "dative", "iobj")
                    if ind is not None and ind.i != n.i:
                        target = self.actors(ind)
                if not target and row.type in PLACED:
                    # "dropped bombs on a market in Idlib": aimed at where it hits
                    target = self._place(gov, depth=2)
                if (
                    not target
                    and row.type == "AID"
                    and any(c.lower_ == "to" and c.dep_ in ("prep", "dative") for c in gov.children)
                ):
                    # "sent aid to civilians in Gaza": for the people where it arrives
                    target = self._prep_actors(gov, ("in",))
        elif gov is not None and how == "nsubj":
            # "the sanctions target Russia", "talks with Iran resumed".
            if not target:
                target = self._objects_plain(gov)
        elif gov is not None and how == "nsubjpass" and not source:
            agent = next((o for p, o in sx.preps(gov) if p == "by"), None)
            source = self.actors(agent)
        if buying:
            # "Russia's purchase of Iranian drones", "India completed the purchase of S-400s
            # from Russia": the owner of a purchase is its recipient, "from" its supplier.
            supplier = self._prep_actors(n, ("from",)) or self._weapon_origin(n)
            buyer = target or tuple(a for a in source if a.code not in {x.code for x in supplier})
            return supplier, buyer, rule
        return source, target, rule

    def _forces_of(self, n) -> tuple[Actor, ...]:
        """Whose forces a movement noun moves: "the withdrawal of Russian troops", "the
        deployment of its forces" (named on the forces themselves, not where they go)."""
        return self._forces_owner(
            next((o for p, o in sx.preps(n) if p == "of" and o is not None), None)
        )

    def _forces_owner(self, forces) -> tuple[Actor, ...]:
        """The owner named on a forces phrase: "Russian troops", "its forces", "NATO
        peacekeepers"; nothing when ``forces`` is not a forces noun."""
        if forces is None or not self._is_forces(forces):
            return ()
        for c in forces.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod"):
                found = self.actors(c)
                if found:
                    return found
        # "a contingent of French troops": the owner sits on the forces inside
        inner = next((o for p, o in sx.preps(forces) if p == "of" and o is not None), None)
        return self._forces_owner(inner) if inner is not None and inner.i != forces.i else ()

    def _moved_forces(self, tok):
        """The forces a phrase names, if any: "French troops", "the first contingent of
        French troops", "the first deployment of NATO peacekeepers"."""
        if tok is None:
            return None
        of = next((o for p, o in sx.preps(tok) if p == "of" and o is not None), None)
        if of is not None and self._is_forces(of):
            return of
        return tok if self._is_forces(tok) else None

    def _is_forces(self, tok) -> bool:
        lemma = tok.lemma_.lower()
        return lemma in self.cues.objects["forces"] or lemma in self.cues.objects["peacekeepers"]

    def _is_peacekeeping(self, tok) -> bool:
        """Peacekeepers, or forces said to keep the peace ("UN peacekeeping troops")."""
        words = self.cues.objects["peacekeepers"]
        return tok.lemma_.lower() in words or (
            self._is_forces(tok)
            and any(
                c.lemma_.lower() in words for c in tok.children if c.dep_ in ("amod", "compound")
            )
        )

    def _is_weapon(self, tok) -> bool:
        return tok.i in self._weapon_at

    def _weapon_origin(self, tok) -> tuple[Actor, ...]:
        """Where the weapons come from, written on them: "Iranian drones", "Turkish-made",
        "1,000 drones from Iran"; each origin of coordinated weapons ("Chinese air defence
        systems and Russian MiG-29 jets")."""
        return origins_of(self._weapons_by_origin(tok))

    def _weapons_by_origin(self, tok) -> list[tuple[tuple[Actor, ...], object]]:
        """(origin, weapon match) for each weapon under ``tok`` whose origin is written on it."""
        out = []
        for c in tok.subtree:
            if self._is_weapon(c):
                found: tuple[Actor, ...] = ()
                for m in c.children:
                    if m.dep_ in ("amod", "compound", "nmod"):
                        found = self.sa.modifier_actors(m)
                        if found:
                            break
                found = found or self._prep_actors(c, ("from",))
                if not found:
                    # ("to buy Israel's Arrow 3 system": whose weapons they are)
                    head = c.head if c.dep_ in ("compound", "nmod") else c
                    owner = sx.child(c, "poss") or sx.child(head, "poss")
                    found = self.actors(owner) if owner is not None else ()
                if found:
                    out.append((found, self._weapon_at[c.i]))
        return out

    def _destination(self, cargo) -> tuple[Actor, ...]:
        """Where seized cargo was going: "shells headed to Russia", "a shipment of weapons
        destined for Yemen", "parts for the Houthis"."""
        for t in (cargo, *self._object_tokens(cargo)):  # ("a shipment of weapons ...")
            for c in t.children:
                if c.dep_ in ("acl", "amod") and c.lower_ in self.cues.destination_words:
                    found = self._prep_actors(c, ("for", "to"), cooperative=False)
                    if found:
                        return found
            found = self._prep_actors(t, ("for", "to"), cooperative=False)
            if found:
                return found
        return ()

    def weapons_in(self, tok) -> list:
        """Weapon matches in the trigger's nominal arguments, not crossing into other clauses."""
        reach: set[int] = set()
        stack = [c for c in tok.children if c.dep_ in WEAPON_PATH] if sx.is_verb(tok) else [tok]
        if sx.is_verb(tok) and (
            tok.dep_ == "acl"
            and tok.tag_ in ("VBN", "VBD")
            or tok.dep_ == "relcl"
            and sx.child(tok, "dobj") is None
        ):
            stack.append(tok.head)  # "the jets bought from France", "drones Tehran sent"
        while stack:
            t = stack.pop()
            if t.i in reach or (sx.is_verb(t) and t.i != tok.i):
                continue
            if _in_exchange(t):
                continue  # "delivered jets in exchange for the drones": the other way round
            reach.add(t.i)
            stack.extend(c for c in t.children if c.dep_ in WEAPON_PATH)
        found = {id(w): w for i in sorted(reach) if (w := self._weapon_at.get(i)) is not None}
        obj = sx.child(tok, "dobj") if sx.is_verb(tok) else None
        if not found and obj is not None and obj.lower_ in ("them", "it") and tok.dep_ == "conj":
            # "produce 40,000 rockets and secretly ship them to Russia": what the first verb made
            return self.weapons_in(tok.head)
        return sorted(found.values(), key=lambda w: w.start)

    def _noun_owner(self, n, use_governor: bool = True) -> tuple[Actor, ...]:
        """Whose claim or concern a noun is: possessor, "by/from X", or its verb's subject."""
        for c in n.children:
            if c.dep_ in ("poss", "compound", "amod"):
                found = self.actors(c)
                if found:
                    return found
        found = self._prep_actors(n, ("by", "from", "of"))
        if found:
            return found
        for c in n.children:
            if c.dep_ == "acl":
                agent = next((o for p, o in sx.preps(c) if p == "by"), None)
                if agent is not None:
                    return self.actors(agent)
        gov, how = self._governor(n)
        if use_governor and gov is not None and how in ("dobj", "attr", "prep:of", "prep:about"):
            subj, passive = sx.subject(gov, self.cues.object_control)
            if not passive:
                return self.actors(subj)
        return ()

    def _condition_actors(self, tok, depth: int = 2, marks=None) -> tuple[Actor, ...]:
        """The actors whose action a threat hinges on: the subject of an "if"/"unless"
        clause on ``tok`` or on the complement it governs."""
        if tok is None:
            return ()
        for clause in self._condition_clauses(tok, depth, marks):
            found = self.actors(sx.subject(clause, self.cues.object_control)[0])
            if found:
                return found
        return ()

    def _condition_clauses(self, tok, depth: int = 2, marks=None):
        """The "if"/"unless" clauses on ``tok``, then on the complements it governs."""
        if tok is None:
            return
        marks = self.cues.condition_marks if marks is None else marks
        for c in tok.children:
            if c.dep_ == "advcl" and any(
                k.dep_ == "mark" and k.lower_ in marks for k in c.children
            ):
                yield c
        for c in tok.children:
            if depth and c.dep_ in ("xcomp", "ccomp") and sx.is_verb(c):
                yield from self._condition_clauses(c, depth - 1, marks)
