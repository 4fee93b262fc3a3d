//! Reading articles back: listed, visited one at a time, counted, and the
//! day's headlines `export` needs. The filters are [`super::query`]'s, the
//! row codec [`super::article_row`]'s.

use chrono::NaiveDate;
use rusqlite::named_params;

use super::article_row::{self, StoredArticle};
use super::query::{self, ArticleQuery};
use super::{time, Store, StoreError};

impl Store {
    /// Reads articles, newest first.
    pub fn articles(&self, query: &ArticleQuery) -> Result<Vec<StoredArticle>, StoreError> {
        let mut out = Vec::new();
        self.each_article(query, |article| {
            out.push(article);
            Ok::<(), StoreError>(())
        })?;
        Ok(out)
    }

    /// Calls `visit` with each article `query` selects, newest first, one at
    /// a time (memory stays flat however large the archive); stops at the
    /// first error `visit` returns.
    pub fn each_article<E: From<StoreError>>(
        &self,
        query: &ArticleQuery,
        mut visit: impl FnMut(StoredArticle) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut sql = format!("SELECT {} FROM articles a WHERE 1 = 1", article_row::SELECT);
        let mut args = Vec::new();
        query::push_filters(query, &mut sql, &mut args);
        sql.push_str(" ORDER BY a.sort_date DESC, a.id DESC");
        sql.push_str(&query::limit(query));
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(&*query::named(&args))
            .map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            visit(article_row::read(row)?)?;
        }
        Ok(())
    }

    /// How many articles `query` selects (its limit included).
    pub fn count_articles(&self, query: &ArticleQuery) -> Result<u64, StoreError> {
        let mut sql = String::from(
            "SELECT count(*) AS articles FROM (SELECT a.id FROM articles a WHERE 1 = 1",
        );
        let mut args = Vec::new();
        query::push_filters(query, &mut sql, &mut args);
        sql.push_str(&query::limit(query));
        sql.push(')');
        Ok(self
            .conn
            .query_row(&sql, &*query::named(&args), |r| r.get("articles"))?)
    }

    /// The ids and titles of the articles filed on `day` (UTC), lowest id
    /// first: what `export` needs to tell two same-day headlines apart.
    pub fn titles_filed_on(&self, day: NaiveDate) -> Result<Vec<(i64, String)>, StoreError> {
        let start = day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        let end = start + chrono::Duration::days(1);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title FROM articles WHERE sort_date >= :start AND sort_date < :end
             ORDER BY id",
        )?;
        let rows = stmt.query_map(
            named_params! {":start": time::fmt(start), ":end": time::fmt(end)},
            |r| Ok((r.get("id")?, r.get("title")?)),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
