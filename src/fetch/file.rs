//! Local feeds: `file://` URLs (plain paths in the config become these).
//!
//! A file's modification time plays the part of `Last-Modified`: when it has
//! not changed since the last poll, the outcome is "not modified".

use tokio::io::AsyncReadExt;
use url::Url;

use super::{decoded, FetchError, FetchOutcome, Validators};

/// Reads the file behind a `file://` URL, at most `limit` bytes.
pub(super) async fn fetch(
    url: &Url,
    validators: &Validators,
    limit: u64,
) -> Result<FetchOutcome, FetchError> {
    let path = url
        .to_file_path()
        .map_err(|()| FetchError::UnsupportedScheme(format!("file URL with a host: {url}")))?;
    let io = |source| FetchError::Io {
        path: path.clone(),
        source,
    };
    let file = tokio::fs::File::open(&path).await.map_err(io)?;
    let metadata = file.metadata().await.map_err(io)?;
    let modified = metadata.modified().ok().map(file_time);
    if modified.is_some() && modified == validators.last_modified {
        return Ok(FetchOutcome::NotModified {
            final_url: url.clone(),
            status: None,
            redirects: Vec::new(),
            freshness: None,
        });
    }
    if metadata.len() > limit {
        return Err(FetchError::TooLarge { limit });
    }
    let mut body = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut body)
        .await
        .map_err(io)?;
    if body.len() as u64 > limit {
        return Err(FetchError::TooLarge { limit });
    }
    Ok(FetchOutcome::Fetched(decoded(
        body,
        url.clone(),
        None,
        Validators {
            etag: None,
            last_modified: modified,
        },
        None,
    )))
}

/// The file's modification time, to the nanosecond, as its validator.
fn file_time(time: std::time::SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(time).to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
}
