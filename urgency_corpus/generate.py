"""Template expansion for the urgency corpus (deterministic: one seed, same output).

Template syntax (in ``data/templates/*.yml`` and ``data/fillers.yml``):

- ``{name}``      a random entry of filler list ``name`` (family fillers first, then the
                  shared ones). When ``name`` is a mapping keyed by sign, the entry comes
                  from the template's sign (or a random sign if it has none).
- ``{name:key}``  an entry of ``name[key]``; ``{name:*}`` picks the key at random and
                  makes it the example's sign (templates filed under sign ``"*"``).
- ``{a|b|}``      one of the alternatives (an empty one is allowed).
- ``<he> <his> <him> <himself> <He> <His>``: pronouns of the person the message is
  about; a person filler ending in ``@m`` or ``@f`` fixes them (otherwise random).

Fillers may contain further slots; expansion is innermost-first.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, cast

from urgency_corpus import noise

_SLOT = re.compile(r"\{([^{}]*)\}")
_PRONOUNS = {
    "m": {"he": "he", "his": "his", "him": "him", "himself": "himself"},
    "f": {"he": "she", "his": "her", "him": "her", "himself": "herself"},
}
_PRONOUN_TOKEN = re.compile(r"<(he|his|him|himself|He|His|Him)>")
_GENDER = re.compile(r"@([mf])\b")


@dataclass
class _Context:
    sign: Optional[str]
    gender: Optional[str] = None


class TemplateError(ValueError):
    pass


def _pick(
    fillers: Mapping[str, object], name: str, key: Optional[str], ctx: _Context, rng: random.Random
) -> str:
    if name not in fillers:
        raise TemplateError(f"unknown filler {name!r}")
    value = fillers[name]
    if isinstance(value, Mapping):
        if key is None:
            key = ctx.sign if ctx.sign in value else rng.choice(sorted(value))
        if key not in value:
            raise TemplateError(f"filler {name!r} has no key {key!r}")
        value = value[key]
    elif key is not None:
        raise TemplateError(f"filler {name!r} is a list, not keyed by sign")
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        raise TemplateError(f"filler {name!r} must be a non-empty list")
    return str(rng.choice(list(value)))


def _star(fillers: Mapping[str, object], name: str, ctx: _Context, rng: random.Random) -> str:
    """``{name:*}``: the sign already chosen for this message, else a random one."""
    table = fillers.get(name)
    if not isinstance(table, Mapping):
        raise TemplateError(f"{{{name}:*}} must name a sign-keyed filler")
    if ctx.sign is None or ctx.sign not in table:
        ctx.sign = rng.choice(sorted(table))
    return ctx.sign


def expand(
    template: str, fillers: Mapping[str, object], sign: Optional[str], rng: random.Random
) -> Tuple[str, Optional[str]]:
    """One random expansion of ``template``; returns (text, sign)."""
    ctx = _Context(sign=None if sign == "*" else sign)
    text = template
    for _ in range(200):
        match = _SLOT.search(text)
        if not match:
            break
        body = match.group(1)
        if "|" in body or body == "":
            choice = rng.choice(body.split("|"))
        else:
            name, _, key = body.partition(":")
            name, key = name.strip(), key.strip() or None
            if key == "*":
                key = _star(fillers, name, ctx, rng)
            choice = _pick(fillers, name, key, ctx, rng)
        gender_mark = _GENDER.search(choice)
        if gender_mark:
            ctx.gender = ctx.gender or gender_mark.group(1)
            choice = _GENDER.sub("", choice)
        text = text[: match.start()] + choice + text[match.end() :]
    else:
        raise TemplateError(f"template does not terminate: {template!r}")
    gender = ctx.gender or rng.choice("mf")

    def pronoun(m: re.Match) -> str:
        word = _PRONOUNS[gender][m.group(1).lower()]
        return word.capitalize() if m.group(1)[0].isupper() else word

    text = _PRONOUN_TOKEN.sub(pronoun, text)
    return tidy(text), ctx.sign


def tidy(text: str) -> str:
    """Spacing and sentence-initial capital after expansion."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    text = re.sub(r"([,.!?])\1+", r"\1", text.replace(",.", ".").replace(".,", ","))
    text = re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text


@dataclass(frozen=True)
class Draft:
    text: str
    label: str
    sign: str
    group: str


def generate_family(
    family: str, spec: Mapping[str, object], shared: Mapping[str, object], seed: int
) -> List[Draft]:
    """The generated messages of one family file, deterministic for ``seed``."""
    rng = random.Random(f"{seed}:{family}")
    fillers: Dict[str, object] = dict(shared)
    # The family file is parsed YAML: its sections are typed here, not checked.
    fillers.update(cast(Mapping[str, object], spec.get("fillers") or {}))
    noise_spec: Dict[str, float] = dict(cast(Mapping[str, float], spec.get("noise") or {}))
    targets = cast(Mapping[str, int], spec.get("target") or {})
    templates = cast(Mapping[str, Mapping[str, List[str]]], spec.get("templates") or {})
    drafts: List[Draft] = []
    seen = set()
    for label in ("urgent", "not_urgent"):
        items = [
            (sign, text, f"{family}/{label}/{sign}/{i}")
            for sign, texts in (templates.get(label) or {}).items()
            for i, text in enumerate(texts)
        ]
        want = int(targets.get(label, 0))
        if not items or want <= 0:
            continue
        rng.shuffle(items)
        made, attempts = 0, 0
        while made < want and attempts < want * 40:
            sign, template, group = items[attempts % len(items)]
            attempts += 1
            text, final_sign = expand(template, fillers, sign, rng)
            if label == "urgent" and not final_sign:
                raise TemplateError(f"{group}: an urgent template must name its sign")
            text = noise.apply(text, rng, noise_spec)
            key = dedup_key(text)
            if key in seen:
                continue
            seen.add(key)
            drafts.append(Draft(text, label, final_sign or "none", group))
            made += 1
    return drafts


def dedup_key(text: str) -> str:
    """Two messages are the same when they differ only in case, spacing, punctuation."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text.lower())).strip()
