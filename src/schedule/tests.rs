use super::*;

const MIN: Duration = Duration::from_secs(60);

fn plan(failures: u32) -> Plan {
    Plan {
        interval: 10 * MIN,
        failures,
        max_backoff: 60 * MIN,
        ..Plan::default()
    }
}

fn epoch() -> DateTime<Utc> {
    DateTime::from_timestamp(0, 0).unwrap()
}

fn config() -> ScheduleConfig {
    ScheduleConfig {
        interval: 30 * MIN,
        max_backoff: 24 * 60 * MIN,
        adaptive: true,
        min_interval: 10 * MIN,
        max_interval: 24 * 60 * MIN,
        redirect_threshold: 3,
        shutdown_grace: Duration::from_secs(10),
    }
}

#[test]
fn backoff_doubles_and_is_capped() {
    assert_eq!(plan(0).gap(), 10 * MIN);
    assert_eq!(plan(1).gap(), 20 * MIN);
    assert_eq!(plan(2).gap(), 40 * MIN);
    assert_eq!(plan(3).gap(), 60 * MIN);
    assert_eq!(plan(1000).gap(), 60 * MIN);
}

#[test]
fn a_lasting_failure_backs_off_twice_as_fast_and_is_capped() {
    let lasting = |failures| Plan {
        failure: Failure::Lasting,
        ..plan(failures)
    };
    assert_eq!(lasting(0).gap(), 10 * MIN);
    assert_eq!(lasting(1).gap(), 40 * MIN);
    assert_eq!(lasting(2).gap(), 60 * MIN);
    assert_eq!(lasting(1000).gap(), 60 * MIN);
    assert_eq!(plan(1).gap(), 20 * MIN, "transient is the default");
}

#[test]
fn retry_after_is_never_cut_short_but_is_capped_at_max_backoff() {
    let mut p = plan(1);
    p.retry_after = Some(50 * MIN);
    assert_eq!(p.gap(), 50 * MIN);
    p.retry_after = Some(MIN);
    assert_eq!(p.gap(), 20 * MIN);
    p.retry_after = Some(10_000 * MIN);
    assert_eq!(p.gap(), 60 * MIN);
}

#[test]
fn what_the_feed_asks_is_a_floor_capped_at_max_interval() {
    let floor = Plan::floor(&[Some(20 * MIN), None, Some(45 * MIN)], 24 * 60 * MIN);
    assert_eq!(floor, 45 * MIN);
    assert_eq!(
        Plan::floor(&[Some(500 * 24 * 60 * MIN)], 60 * MIN),
        60 * MIN
    );
    assert_eq!(Plan::floor(&[], 60 * MIN), Duration::ZERO);
    let mut p = plan(0);
    p.floor = 45 * MIN;
    assert_eq!(p.gap(), 45 * MIN);
    p.failures = 1;
    assert_eq!(p.gap(), 60 * MIN);
}

#[test]
fn jitter_stays_within_ten_percent() {
    let p = Plan {
        interval: 100 * MIN,
        ..plan(0)
    };
    let now = epoch();
    assert_eq!(p.next_due(now, 0.0), now + chrono::Duration::minutes(90));
    assert_eq!(p.next_due(now, 0.5), now + chrono::Duration::minutes(100));
    assert!(p.next_due(now, 0.999_999) <= now + chrono::Duration::minutes(110));
    let r = jitter_fraction();
    assert!((0.0..1.0).contains(&r));
}

#[test]
fn jitter_never_goes_below_a_floor_or_a_retry_after() {
    let now = epoch();
    let mut p = plan(0);
    p.floor = 100 * MIN;
    // random 0.0 would take 10% off; with a binding floor it adds 10% instead.
    assert_eq!(p.next_due(now, 0.0), now + chrono::Duration::minutes(110));
    let mut p = plan(0);
    p.retry_after = Some(100 * MIN);
    p.max_backoff = 1000 * MIN;
    assert_eq!(p.next_due(now, 0.0), now + chrono::Duration::minutes(110));
    assert_eq!(p.next_due(now, 0.75), now + chrono::Duration::minutes(105));
}

#[test]
fn jitter_spreads_feeds_added_together() {
    let now = epoch();
    let p = plan(0);
    let dues: std::collections::HashSet<_> = [0.05, 0.3, 0.6, 0.9]
        .iter()
        .map(|r| p.next_due(now, *r))
        .collect();
    assert_eq!(dues.len(), 4);
}

#[test]
fn skipped_hours_move_the_due_time() {
    let now: DateTime<Utc> = "2024-03-01T00:00:00Z".parse().unwrap();
    let mut p = plan(0);
    p.interval = 60 * MIN;
    p.skip = Skip {
        hours: 0b110, // 01:00-02:59 UTC
        days: 0,
    };
    let due = p.next_due(now, 0.5);
    assert_eq!(
        due,
        "2024-03-01T03:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
}

#[test]
fn interval_comes_from_config_then_adaptive_then_default() {
    let c = config();
    assert_eq!(choose_interval(Some(MIN), Some(90 * MIN), &c), MIN);
    assert_eq!(choose_interval(None, Some(90 * MIN), &c), 90 * MIN);
    assert_eq!(choose_interval(None, Some(MIN), &c), 10 * MIN);
    assert_eq!(choose_interval(None, Some(99_999 * MIN), &c), 24 * 60 * MIN);
    assert_eq!(choose_interval(None, None, &c), 30 * MIN);
    let fixed = ScheduleConfig {
        adaptive: false,
        ..config()
    };
    assert_eq!(choose_interval(None, Some(90 * MIN), &fixed), 30 * MIN);
}
