"""HTML whose styles survive pasting and mailing: the style sheet copied onto each element."""

from __future__ import annotations

import css_inline

# Remote style sheets are never fetched: a user template must not make callnotes go online.
_INLINER = css_inline.CSSInliner(keep_style_tags=True, load_remote_stylesheets=False)


def inline_styles(html: str) -> str:
    """*html* with every rule of its ``<style>`` elements also written into ``style=""``.

    Ticket tools and many mail clients drop ``<style>`` elements from pasted or received HTML;
    styles on the elements themselves survive. The style elements stay for those that keep them.
    """
    return _INLINER.inline(html)
