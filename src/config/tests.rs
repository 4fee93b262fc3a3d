use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("/etc/tidings/tidings.toml"))
}

#[test]
fn minimal_config_takes_every_default() {
    let config =
        parse("database = \"news.db\"\n[[feeds]]\nurl = \"https://example.com/feed.xml\"\n")
            .unwrap();
    assert_eq!(config.database, Path::new("/etc/tidings/news.db"));
    assert_eq!(config.schedule.interval, Duration::from_secs(1800));
    assert_eq!(config.fetch.concurrency.get(), 8);
    assert_eq!(config.fetch.max_feed_size, 10 * 1024 * 1024);
    assert!(config.fetch.user_agent.starts_with("tidings/0."));
    assert_eq!(config.feeds.len(), 1);
    assert_eq!(config.feeds[0].origin, FeedOrigin::Config { line: 3 });
}

#[test]
fn relative_feed_paths_become_file_urls_beside_the_config() {
    let config = parse("[[feeds]]\nurl = \"samples/../samples/world.xml\"\n").unwrap();
    assert_eq!(
        config.feeds[0].url.as_str(),
        "file:///etc/tidings/samples/world.xml"
    );
}

#[test]
fn unknown_key_names_key_and_line() {
    let err = parse("database = \"x.db\"\n[fetch]\ntimeuot = \"3s\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("timeuot"), "{err}");
    assert!(err.contains("line 3"), "{err}");
}

#[test]
fn bad_duration_names_key_and_line() {
    let err = parse("[schedule]\n\ninterval = \"soon\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("interval"), "{err}");
    assert!(err.contains("line 3"), "{err}");
}

#[test]
fn human_sizes_and_durations_are_read() {
    let config = parse("[fetch]\nmax_feed_size = \"1 KiB\"\ntimeout = \"500ms\"\n").unwrap();
    assert_eq!(config.fetch.max_feed_size, 1024);
    assert_eq!(config.fetch.timeout, Duration::from_millis(500));
}

#[test]
fn duplicate_feeds_name_both_lines() {
    let err = parse(
        "[[feeds]]\nurl = \"https://a.example/f\"\n[[feeds]]\nurl = \"https://a.example/f\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("duplicate feed"), "{err}");
    assert!(err.contains("line 2") && err.contains("line 4"), "{err}");
}

#[test]
fn unsupported_scheme_is_rejected_with_its_line() {
    let err = parse("\n[[feeds]]\nurl = \"ftp://a.example/f\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("feeds.url") && err.contains("line 3") && err.contains("ftp"),
        "{err}"
    );
}

#[test]
fn opml_outlines_become_feeds_with_folder_tags() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("f.opml"),
        r#"<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="News"><outline text="World" title="World news" type="rss" xmlUrl="https://w.example/rss" category="intl"/></outline>
<outline text="Local" xmlUrl="local.xml"/></body></opml>"#,
    )
    .unwrap();
    let config = Config::parse("opml = [\"f.opml\"]\n", &dir.path().join("t.toml")).unwrap();
    assert_eq!(config.feeds.len(), 2);
    assert_eq!(config.feeds[0].title.as_deref(), Some("World news"));
    assert_eq!(
        config.feeds[0].tags,
        vec!["News".to_string(), "intl".to_string()]
    );
    assert_eq!(config.feeds[1].url.scheme(), "file");
}

#[test]
fn dedup_defaults_and_values() {
    let config = parse("[[feeds]]\nurl = \"https://example.com/f\"\n").unwrap();
    assert_eq!(config.dedup, crate::dedup::Policy::default());
    let config = parse("[dedup]\nnear = \"drop\"\nthreshold = 0.75\n").unwrap();
    assert_eq!(config.dedup.near, crate::dedup::NearMode::Drop);
    assert_eq!(config.dedup.threshold, 0.75);
    let config = parse("[dedup]\nnear = \"off\"\nthreshold = 1.0\n").unwrap();
    assert_eq!(config.dedup.near, crate::dedup::NearMode::Off);
}

#[test]
fn bad_dedup_values_name_key_and_line() {
    let err = parse("database = \"x.db\"\n[dedup]\nthreshold = 1.5\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("dedup.threshold"), "{err}");
    assert!(err.contains("line 3"), "{err}");
    let err = parse("[dedup]\nnear = \"merge\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("merge") && err.contains("line 2"), "{err}");
}

#[test]
fn daemon_keys_take_their_defaults() {
    let config = parse("[[feeds]]\nurl = \"https://example.com/feed.xml\"\n").unwrap();
    let s = &config.schedule;
    assert!(s.adaptive);
    assert_eq!(s.min_interval, Duration::from_secs(600));
    assert_eq!(s.max_interval, Duration::from_secs(86_400));
    assert_eq!(s.redirect_threshold, 3);
    assert_eq!(s.shutdown_grace, Duration::from_secs(10));
    assert_eq!(config.fetch.per_host_concurrency.get(), 1);
    assert_eq!(config.fetch.per_host_delay, Duration::from_secs(1));
    assert_eq!(config.metrics.listen, None);
}

#[test]
fn min_interval_has_a_floor_and_max_interval_must_not_be_shorter() {
    let err = parse("[schedule]\nmin_interval = \"500ms\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("schedule.min_interval") && err.contains("1s"),
        "{err}"
    );
    let err = parse("[schedule]\nmin_interval = \"2h\"\nmax_interval = \"1h\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("schedule.max_interval"), "{err}");
    let err = parse("[schedule]\nredirect_threshold = 0\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("redirect_threshold"), "{err}");
    let ok = parse("[schedule]\nmin_interval = \"1s\"\n").unwrap();
    assert_eq!(ok.schedule.min_interval, Duration::from_secs(1));
}

#[test]
fn metrics_listen_is_an_address_and_errors_name_its_line() {
    let config = parse("[metrics]\nlisten = \"127.0.0.1:9464\"\n").unwrap();
    assert_eq!(
        config.metrics.listen,
        Some("127.0.0.1:9464".parse().unwrap())
    );
    let err = parse("database = \"x.db\"\n[metrics]\nlisten = \"localhost\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("metrics.listen") && err.contains("line 3"),
        "{err}"
    );
}

#[test]
fn retention_is_off_by_default_and_reads_durations_and_counts() {
    let config = parse("[[feeds]]\nurl = \"https://a.example/\"\n").unwrap();
    assert!(!config.retention.is_set());
    let config = parse("[retention]\nmax_age = \"90days\"\nmax_per_feed = 500\n").unwrap();
    assert_eq!(
        config.retention.max_age,
        Some(Duration::from_secs(90 * 86_400))
    );
    assert_eq!(config.retention.max_per_feed, Some(500));
    let err = parse("[retention]\nmax_agee = \"1d\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("max_agee") && err.contains("line 2"), "{err}");
    let err = parse("[retention]\nmax_age = \"0s\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("retention.max_age"), "{err}");
}

#[test]
fn full_text_defaults_and_per_feed_overrides() {
    let config = parse(
        "[full_text]\nmode = \"auto\"\nrobots_ttl = \"2h\"\n\
         [[feeds]]\nurl = \"https://a.example/f\"\n\
         [[feeds]]\nurl = \"https://b.example/f\"\nfull_text = \"never\"\n",
    )
    .unwrap();
    assert_eq!(config.full_text.robots_ttl, Duration::from_secs(7200));
    assert_eq!(config.full_text.teaser_words, 100);
    let modes: Vec<FullTextMode> = config
        .feeds
        .iter()
        .map(|f| f.full_text_mode(&config.full_text))
        .collect();
    assert_eq!(modes, [FullTextMode::Auto, FullTextMode::Never]);
    assert_eq!(parse("").unwrap().full_text.mode, FullTextMode::Never);
    let err = parse("[full_text]\nmax_attempts = 0\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("full_text.max_attempts"), "{err}");
    let err = parse("[full_text]\nmode = \"sometimes\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("sometimes") && err.contains("line 2"), "{err}");
}

#[test]
fn filters_name_their_rule_when_wrong() {
    let ok = parse(
        "[[feeds]]\nurl = \"https://a.example/f\"\n\
         [[filters]]\naction = \"drop\"\nfield = \"author\"\npattern = \"(?i)bot$\"\n\
         feed = \"https://a.example/f\"\n",
    )
    .unwrap();
    assert_eq!(ok.filters.len(), 1);
    assert_eq!(ok.filters[0].line, 6);
    let err = parse(
        "[[feeds]]\nurl = \"https://a.example/f\"\n\
         [[filters]]\naction = \"drop\"\nfield = \"title\"\npattern = \"x\"\n\
         feed = \"https://other.example/f\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("filters.feed") && err.contains("line 7") && err.contains("rule 1"),
        "{err}"
    );
    let err = parse("[[filters]]\naction = \"drop\"\nfield = \"summary\"\npattern = \"x\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("summary"), "{err}");
}

#[test]
fn per_feed_http_options_are_validated_with_their_line() {
    let config = parse(
        "[[feeds]]\nurl = \"https://a.example/f\"\nuser_agent = \"probe/1\"\n\
         proxy = \"http://proxy.example:3128\"\nheaders = { \"X-Key\" = \"v\" }\n",
    )
    .unwrap();
    let http = &config.feeds[0].http;
    assert_eq!(http.user_agent.as_deref(), Some("probe/1"));
    assert_eq!(http.proxy.as_ref().unwrap().port(), Some(3128));
    assert!(config.has_secrets());
    let err = parse("[[feeds]]\nurl = \"https://a.example/f\"\nproxy = \"socks5://p:1080\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("feeds.proxy") && err.contains("line 2"),
        "{err}"
    );
    let err = parse(
        "[[feeds]]\nurl = \"https://a.example/f\"\nbasic_auth = { username = \"a\", password = \"x\" }\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("password"),
        "an inline password is refused: {err}"
    );
}

#[test]
fn lines_are_found_by_offset() {
    let text = "a = 1\nb = 2\n\nc = 3";
    let lines = Lines::of(text);
    for (offset, line) in [
        (0, 1),
        (5, 1),
        (6, 2),
        (11, 2),
        (12, 3),
        (13, 4),
        (17, 4),
        (99, 4),
    ] {
        assert_eq!(lines.line(offset), line, "offset {offset}");
        let counted = text.as_bytes()[..offset.min(text.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        assert_eq!(line, counted, "offset {offset}");
    }
}

#[test]
fn a_duplicate_far_down_a_long_config_names_both_lines() {
    let mut toml = String::from("database = \"x.db\"\n");
    for n in 0..5000 {
        toml.push_str(&format!("[[feeds]]\nurl = \"https://example.com/{n}\"\n"));
    }
    toml.push_str("[[feeds]]\nurl = \"https://example.com/17\"\n");
    let err = Config::parse(&toml, Path::new("/etc/tidings.toml"))
        .unwrap_err()
        .to_string();
    // Feed 17 is on line 2 + 2 * 17 + 1 = 37; the copy on line 10,003.
    assert!(
        err.contains("line 37") && err.contains("line 10003"),
        "{err}"
    );
}
