//! Checking a pushed body's `X-Hub-Signature` (`method=hexdigest`): an HMAC
//! of the body under the subscription's secret, with sha1 (which the WebSub
//! Recommendation still allows), sha256, sha384 or sha512. The comparison is
//! constant-time (`hmac`'s `verify_slice`). Pure.

use hmac::{Hmac, Mac};

/// Why a pushed body's signature is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `X-Hub-Signature` header, though the subscription has a secret.
    #[error("unsigned push (no X-Hub-Signature header)")]
    Missing,
    /// Not `method=hexdigest`, or hex that is not hex.
    #[error("malformed X-Hub-Signature {0:?}")]
    Malformed(String),
    /// A method other than sha1, sha256, sha384 or sha512.
    #[error("unsupported X-Hub-Signature method {0:?}")]
    Method(String),
    /// The HMAC does not match.
    #[error("wrong X-Hub-Signature ({0})")]
    Mismatch(String),
}

fn check<M: Mac + hmac::digest::KeyInit>(secret: &[u8], body: &[u8], expected: &[u8]) -> bool {
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(secret)
        .expect("HMAC takes keys of any length");
    mac.update(body);
    mac.verify_slice(expected).is_ok()
}

/// Checks `header` (the `X-Hub-Signature` value, if any) against `body`
/// signed with `secret`.
pub fn verify(header: Option<&str>, secret: &[u8], body: &[u8]) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?.trim();
    let (method, hex_digest) = header
        .split_once('=')
        .ok_or_else(|| SignatureError::Malformed(header.to_string()))?;
    let expected = hex::decode(hex_digest.trim())
        .map_err(|_| SignatureError::Malformed(header.to_string()))?;
    let method = method.trim().to_ascii_lowercase();
    let ok = match method.as_str() {
        "sha1" => check::<Hmac<sha1::Sha1>>(secret, body, &expected),
        "sha256" => check::<Hmac<sha2::Sha256>>(secret, body, &expected),
        "sha384" => check::<Hmac<sha2::Sha384>>(secret, body, &expected),
        "sha512" => check::<Hmac<sha2::Sha512>>(secret, body, &expected),
        _ => return Err(SignatureError::Method(method)),
    };
    if ok {
        Ok(())
    } else {
        Err(SignatureError::Mismatch(method))
    }
}

/// The `X-Hub-Signature` value a hub would send for `body` under `secret`
/// with sha256 (for tests and tools that play the hub).
pub fn sign_sha256(secret: &[u8], body: &[u8]) -> String {
    let mut mac =
        <Hmac<sha2::Sha256> as hmac::digest::KeyInit>::new_from_slice(secret).expect("any key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign<M: Mac + hmac::digest::KeyInit>(name: &str, secret: &[u8], body: &[u8]) -> String {
        let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(secret).unwrap();
        mac.update(body);
        format!("{name}={}", hex::encode(mac.finalize().into_bytes()))
    }

    #[test]
    fn every_method_is_checked() {
        let (secret, body) = (b"k3y".as_slice(), b"<feed/>".as_slice());
        for header in [
            sign::<Hmac<sha1::Sha1>>("sha1", secret, body),
            sign::<Hmac<sha2::Sha256>>("sha256", secret, body),
            sign::<Hmac<sha2::Sha384>>("sha384", secret, body),
            sign::<Hmac<sha2::Sha512>>("sha512", secret, body),
            sign_sha256(secret, body)
                .to_uppercase()
                .replace("SHA256", "sha256"),
        ] {
            assert_eq!(verify(Some(&header), secret, body), Ok(()), "{header}");
            assert!(matches!(
                verify(Some(&header), b"other", body),
                Err(SignatureError::Mismatch(_))
            ));
            assert!(matches!(
                verify(Some(&header), secret, b"<feed>changed</feed>"),
                Err(SignatureError::Mismatch(_))
            ));
        }
    }

    #[test]
    fn unsigned_and_malformed_are_refused() {
        assert_eq!(verify(None, b"k", b"x"), Err(SignatureError::Missing));
        assert!(matches!(
            verify(Some("sha256"), b"k", b"x"),
            Err(SignatureError::Malformed(_))
        ));
        assert!(matches!(
            verify(Some("sha256=zz"), b"k", b"x"),
            Err(SignatureError::Malformed(_))
        ));
        assert!(matches!(
            verify(Some("md5=00"), b"k", b"x"),
            Err(SignatureError::Method(_))
        ));
    }
}
