"""html_to_text: reader prose only, paragraphs and blockquotes with exact offsets, any markup."""

from __future__ import annotations

from conflict_events.parse.html_text import html_to_text, plain_text_to_clean


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_paragraphs_headings_and_lists_become_separate_paragraphs() -> None:
    html = (
        "<h2>The   week\n in brief</h2><p>First  <b>bold</b>\n point.</p>"
        "<ul><li>one</li><li><p>two</p></li></ul><ol><li>three <em>and</em> more</li></ol>"
        "<pre>line 1\n  line 2</pre><p>Before<br>after a break.</p>"
    )
    clean = html_to_text(html)
    assert paragraphs(clean.text) == [
        "The week in brief",
        "First bold point.",
        "one",
        "two",
        "three and more",
        "line 1\n  line 2",
        "Before\nafter a break.",
    ]
    assert [clean.text[s:e] for s, e in clean.paragraph_spans] == paragraphs(clean.text)
    assert clean.quote_spans == []


def test_substack_widgets_and_page_chrome_are_removed() -> None:
    html = """
    <nav>Home Archive About</nav><header>Masthead</header>
    <p>Opening paragraph.<a class="footnote-anchor" data-component-name="FootnoteAnchorToDOM" href="#f1">1</a></p>
    <div class="subscription-widget-wrap-editor" data-component-name="SubscribeWidgetToDOM">
      <div class="subscription-widget show-subscribe"><div class="preamble">
      <p class="cta-caption">Our newsletter is reader-supported.</p></div>
      <form class="subscription-widget-subscribe"><input type="email" placeholder="Type your email"></form></div></div>
    <p class="button-wrapper" data-component-name="ButtonCreateButton">
      <a class="button primary"><span>Share this</span></a></p>
    <div class="embedded-post-wrap" data-component-name="EmbeddedPostToDOM"><a class="embedded-post">
      <div class="embedded-post-title">An older issue</div><span>Read more</span></a></div>
    <div class="digest-post-embed"><a class="embed-post-link">Another issue</a><div>Read full story</div></div>
    <div class="captioned-image-container"><figure><a class="image-link image2" data-component-name="Image2ToDOM">
      <div class="image2-inset"><picture><img src="x.jpg" alt="alt text"></picture>
      <div class="image-link-expand"><button>Expand</button></div></div></a>
      <figcaption class="image-caption">Smoke over the refinery.</figcaption></figure></div>
    <div class="paywall"><h2 class="paywall-title">This post is for paid subscribers</h2></div>
    <div class="post-ufi"><a class="like-button">12</a><a class="share-button">Share</a></div>
    <div class="poll-embed" data-component-name="PollToDOM"><p>Will the talks succeed?</p><p>Yes</p><p>No</p></div>
    <div class="install-substack-app-embed"><p>Get the app</p></div>
    <aside>Related posts</aside><script>var secret = "script text";</script><style>p{color:red}</style>
    <p>Closing paragraph.</p>
    <footer>Copyright notice</footer>
    """
    clean = html_to_text(html)
    # the image caption is furniture too: a caption read as reporting would invent an event
    assert paragraphs(clean.text) == ["Opening paragraph.", "Closing paragraph."]


def test_class_names_are_matched_as_words_not_fragments() -> None:
    clean = html_to_text('<div class="shared-heading"><p>Kept.</p></div><div class="sharepoint-note">Also kept.</div>')
    assert paragraphs(clean.text) == ["Kept.", "Also kept."]


def test_blockquotes_are_paragraphs_with_exact_ranges() -> None:
    html = (
        "<p>He said:</p><blockquote><p>“First quoted paragraph.”</p><p>Second one.</p></blockquote>"
        "<p>Between.</p><blockquote>Bare text in a quote</blockquote><p>After.</p>"
    )
    clean = html_to_text(html)
    assert paragraphs(clean.text) == [
        "He said:",
        "“First quoted paragraph.”",
        "Second one.",
        "Between.",
        "Bare text in a quote",
        "After.",
    ]
    assert [clean.text[s:e] for s, e in clean.quote_spans] == [
        "“First quoted paragraph.”\n\nSecond one.",
        "Bare text in a quote",
    ]


def test_nested_blockquotes_make_one_range_for_the_outer_quote() -> None:
    html = (
        "<p>Intro.</p><blockquote><p>Outer start.</p><blockquote><p>Inner quote.</p></blockquote>"
        "<p>Outer end.</p></blockquote><p>Outro.</p>"
    )
    clean = html_to_text(html)
    assert len(clean.quote_spans) == 1
    start, end = clean.quote_spans[0]
    assert clean.text[start:end] == "Outer start.\n\nInner quote.\n\nOuter end."
    assert clean.text[:start] == "Intro.\n\n"
    assert clean.text[end:] == "\n\nOutro."


def test_empty_blockquote_and_widget_inside_a_quote_leave_no_range() -> None:
    html = (
        "<p>A.</p><blockquote>  </blockquote>"
        '<blockquote><div class="subscription-widget">Subscribe now</div></blockquote><p>B.</p>'
    )
    clean = html_to_text(html)
    assert clean.text == "A.\n\nB."
    assert clean.quote_spans == []


def test_offsets_stay_exact_with_entities_and_non_ascii_text() -> None:
    html = (
        "<p>Київ &amp; Харків&nbsp;— “quoted” 🚀 drones</p>"
        "<blockquote><p>Зеленський:&#8203; «Ми&nbsp;вистоїмо»</p></blockquote><p>Ryabkov&#8217;s reply.</p>"
    )
    clean = html_to_text(html)
    assert paragraphs(clean.text) == [
        "Київ & Харків — “quoted” 🚀 drones",
        "Зеленський: «Ми вистоїмо»",
        "Ryabkov’s reply.",
    ]
    (start, end) = clean.quote_spans[0]
    assert clean.text[start:end] == "Зеленський: «Ми вистоїмо»"
    assert [clean.text[s:e] for s, e in clean.paragraph_spans] == paragraphs(clean.text)


def test_malformed_markup_is_read_without_errors() -> None:
    html = "<div><p>Unclosed <b>bold<p>Next paragraph</div></span><blockquote><p>Quote never closed"
    clean = html_to_text(html)
    assert paragraphs(clean.text) == ["Unclosed bold", "Next paragraph", "Quote never closed"]
    start, end = clean.quote_spans[0]
    assert clean.text[start:end] == "Quote never closed"


def test_deeply_nested_markup_does_not_hit_the_recursion_limit() -> None:
    clean = html_to_text("<div>" * 5000 + "<p>Deep text.</p>" + "</div>" * 5000)
    assert clean.text == "Deep text."


def test_nothing_in_gives_empty_text() -> None:
    for html in (None, "", "<div></div>", "<!-- only a comment -->", "<script>x()</script>"):
        clean = html_to_text(html)
        assert clean.text == ""
        assert clean.paragraph_spans == [] and clean.quote_spans == []


def test_bytes_input_and_html_comments() -> None:
    clean = html_to_text(b"<p>Before<!-- hidden --> after</p>")
    assert clean.text == "Before after"


def test_plain_text_blank_lines_separate_paragraphs() -> None:
    clean = plain_text_to_clean("  First   line\nsame paragraph\r\n\r\n\nSecond paragraph.  ")
    assert paragraphs(clean.text) == ["First line\nsame paragraph", "Second paragraph."]
    assert plain_text_to_clean(None).text == ""
