//! IPv4 CIDR blocks: parsing, containment, overlap and AWS's usable-address arithmetic.

use std::fmt;

/// An IPv4 CIDR block such as `10.0.1.0/24`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    pub base: u32,
    pub prefix: u8,
}

/// AWS reserves the first four and the last address of every subnet.
pub const AWS_RESERVED_PER_SUBNET: u32 = 5;

impl Cidr {
    /// Parses `a.b.c.d/n`; the base must be aligned to the prefix, as AWS requires.
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let (addr, prefix) = text
            .split_once('/')
            .ok_or_else(|| format!("'{text}' is not a CIDR block (expected a.b.c.d/n)"))?;
        let prefix: u8 = prefix
            .parse()
            .map_err(|_| format!("'{text}': the prefix length must be a number 0-32"))?;
        if prefix > 32 {
            return Err(format!("'{text}': the prefix length must be 0-32"));
        }
        let base =
            parse_ipv4(addr).ok_or_else(|| format!("'{text}': '{addr}' is not an IPv4 address"))?;
        let cidr = Cidr { base, prefix };
        if base & !cidr.mask() != 0 {
            return Err(format!(
                "'{text}' is not aligned: the network address for /{prefix} would be {}",
                format_ipv4(base & cidr.mask())
            ));
        }
        Ok(cidr)
    }

    pub fn mask(self) -> u32 {
        if self.prefix == 0 {
            0
        } else {
            u32::MAX << (32 - self.prefix as u32)
        }
    }

    /// Total addresses in the block.
    pub fn size(self) -> u64 {
        1u64 << (32 - self.prefix as u32)
    }

    /// Addresses usable by resources in a subnet of this size (size − 5 reserved).
    pub fn usable(self) -> u32 {
        (self.size().saturating_sub(AWS_RESERVED_PER_SUBNET as u64)).min(u32::MAX as u64) as u32
    }

    pub fn last(self) -> u32 {
        self.base | !self.mask()
    }

    pub fn contains(self, other: Cidr) -> bool {
        other.prefix >= self.prefix && (other.base & self.mask()) == self.base
    }

    pub fn contains_addr(self, addr: u32) -> bool {
        addr & self.mask() == self.base
    }

    pub fn overlaps(self, other: Cidr) -> bool {
        self.base <= other.last() && other.base <= self.last()
    }

    /// The n-th usable host address (n = 0 is base + 4, the first AWS gives out).
    pub fn host(self, n: u32) -> u32 {
        self.base.wrapping_add(4).wrapping_add(n)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", format_ipv4(self.base), self.prefix)
    }
}

pub fn parse_ipv4(text: &str) -> Option<u32> {
    let mut out = 0u32;
    let mut parts = 0;
    for part in text.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u32 = part.parse().ok()?;
        if v > 255 {
            return None;
        }
        out = (out << 8) | v;
        parts += 1;
    }
    (parts == 4).then_some(out)
}

pub fn format_ipv4(addr: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        addr >> 24,
        (addr >> 16) & 255,
        (addr >> 8) & 255,
        addr & 255
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slash_28_has_eleven_usable_addresses() {
        assert_eq!(Cidr::parse("10.0.0.0/28").unwrap().usable(), 11);
        assert_eq!(Cidr::parse("10.0.0.0/24").unwrap().usable(), 251);
    }

    #[test]
    fn containment_and_overlap() {
        let vpc = Cidr::parse("10.0.0.0/16").unwrap();
        let a = Cidr::parse("10.0.1.0/24").unwrap();
        let b = Cidr::parse("10.0.1.128/25").unwrap();
        let c = Cidr::parse("10.1.0.0/24").unwrap();
        assert!(vpc.contains(a) && vpc.contains(b) && !vpc.contains(c));
        assert!(a.overlaps(b) && !a.overlaps(c));
    }

    #[test]
    fn misaligned_and_malformed_blocks_are_refused() {
        assert!(Cidr::parse("10.0.1.5/24").unwrap_err().contains("10.0.1.0"));
        assert!(Cidr::parse("10.0.1.0").is_err());
        assert!(Cidr::parse("10.0.300.0/24").is_err());
        assert!(Cidr::parse("10.0.1.0/33").is_err());
    }
}
