//! Design files: which kinds a project has, and which files each kind accepts.
//!
//! The browser runs [`FileKind::check`] before uploading (so that a wrong file is refused at
//! once, without sending 20 MB) and the server runs it again on what it received.

use crate::{FieldError, Service};

choice! {
    /// A kind of design file; a project has at most one current file of each.
    FileKind {
        /// The Gerber and drill files, as a ZIP archive.
        Gerber = "gerber",
        /// The bill of materials: a CSV or text export, or an Excel workbook.
        Bom = "bom",
        /// Where each component goes (centroid file): a CSV, text or KiCad `.pos` export.
        PickAndPlace = "pick_and_place",
    }
}

/// The largest design file accepted: 20 MiB, well above a real Gerber archive or BOM.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// How a ZIP archive (and so an `.xlsx` workbook) starts: a local file header.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// The extension of a file name's last path component, in lower case; empty if none.
fn extension(file_name: &str) -> String {
    let last = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    last.trim()
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Text a spreadsheet or a CAD tool exports: UTF-8 and no NUL byte (UTF-16 exports and
/// binaries have some). The sample may end in the middle of a character; only that is forgiven.
fn is_text(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        // `error_len() == None`: the bytes stop inside a character, rather than being wrong.
        Err(error) => error.error_len().is_none(),
    }
}

impl FileKind {
    /// Checks a file of this kind from its name (as sent by the browser), its size in bytes
    /// and its first bytes (`head`, up to 8 KB, or the whole file if smaller).
    ///
    /// `FileEmpty` for 0 bytes, `FileTooLarge` above [`MAX_FILE_BYTES`], `FileTypeNotAllowed`
    /// when the extension (any case) is not one of the kind's or the content does not match
    /// it: a `.zip` (and `.xlsx`) must start like a ZIP archive, a `.csv`, `.txt` or `.pos`
    /// must be UTF-8 text.
    pub fn check(self, file_name: &str, size: u64, head: &[u8]) -> Result<(), FieldError> {
        if size == 0 {
            return Err(FieldError::FileEmpty);
        }
        if size > MAX_FILE_BYTES {
            return Err(FieldError::FileTooLarge);
        }
        let zip = head.starts_with(ZIP_MAGIC);
        let accepted = match (self, extension(file_name).as_str()) {
            (FileKind::Gerber, "zip") | (FileKind::Bom, "xlsx") => zip,
            (FileKind::Bom, "csv" | "txt") | (FileKind::PickAndPlace, "csv" | "txt" | "pos") => {
                is_text(head)
            }
            _ => false,
        };
        if accepted {
            Ok(())
        } else {
            Err(FieldError::FileTypeNotAllowed)
        }
    }

    /// The `accept` attribute of the file input for this kind: the extensions [`check`]
    /// accepts, and their main media types (a browser may filter on either).
    ///
    /// `text/plain` is left out on purpose: it would let the picker offer any text file
    /// (`.log`, `.md`...), which `check` then refuses.
    ///
    /// [`check`]: FileKind::check
    pub fn accept_attribute(self) -> &'static str {
        match self {
            FileKind::Gerber => ".zip,application/zip",
            FileKind::Bom => {
                ".csv,.txt,.xlsx,text/csv,\
                 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            FileKind::PickAndPlace => ".csv,.txt,.pos,text/csv",
        }
    }

    /// The kinds of files the workshop needs to make `service`: the Gerber archive for boards,
    /// the bill of materials and the placement file for assembly (the board's Gerber too, since
    /// the stencil is cut from it).
    pub fn needed_for(service: Service) -> &'static [FileKind] {
        match service {
            Service::Fabrication => &[FileKind::Gerber],
            Service::Assembly | Service::FabricationAndAssembly => {
                &[FileKind::Gerber, FileKind::Bom, FileKind::PickAndPlace]
            }
        }
    }

    /// The kinds `service` needs that `attached` lacks, in the order of [`FileKind::ALL`].
    pub fn missing_for(service: Service, attached: &[FileKind]) -> Vec<FileKind> {
        Self::needed_for(service)
            .iter()
            .copied()
            .filter(|kind| !attached.contains(kind))
            .collect()
    }

    /// The media type a download of a file of this kind named `file_name` is sent with.
    pub fn content_type(self, file_name: &str) -> &'static str {
        match (self, extension(file_name).as_str()) {
            (FileKind::Gerber, _) => "application/zip",
            (FileKind::Bom, "xlsx") => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            (_, "csv") => "text/csv",
            // `.txt`, `.pos`, and anything stored before the rules changed: shown as text,
            // never run by the browser.
            _ => "text/plain",
        }
    }
}

/// Longest file name kept, in characters.
const MAX_FILE_NAME_CHARS: usize = 100;

/// A file name safe to store and to send back in a `Content-Disposition` header: the last
/// path component (browsers may send a whole path), trimmed, with control characters and `"`
/// replaced by `_`, at most 100 characters (the extension kept when cutting), never empty
/// ("file").
pub fn safe_file_name(name: &str) -> String {
    // Slashes and backslashes cannot remain: the name is cut after the last one.
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .trim()
        .chars()
        .map(|c| if c.is_control() || c == '"' { '_' } else { c })
        .collect();
    let cut = if cleaned.chars().count() > MAX_FILE_NAME_CHARS {
        // Keep a short extension: it says what the file is.
        let extension = cleaned
            .rsplit_once('.')
            .map(|(_, extension)| extension)
            .filter(|extension| extension.chars().count() <= 10)
            .unwrap_or("");
        let keep =
            MAX_FILE_NAME_CHARS - extension.chars().count() - usize::from(!extension.is_empty());
        let stem: String = cleaned.chars().take(keep).collect();
        if extension.is_empty() {
            stem
        } else {
            format!("{stem}.{extension}")
        }
    } else {
        cleaned
    };
    if cut.is_empty() || cut == "." || cut == ".." {
        "file".to_owned()
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_each_service_still_needs() {
        assert_eq!(
            FileKind::missing_for(Service::Fabrication, &[]),
            [FileKind::Gerber]
        );
        assert!(FileKind::missing_for(Service::Fabrication, &[FileKind::Gerber]).is_empty());
        assert_eq!(
            FileKind::missing_for(Service::FabricationAndAssembly, &[FileKind::Bom]),
            [FileKind::Gerber, FileKind::PickAndPlace]
        );
        assert!(FileKind::missing_for(Service::Assembly, &FileKind::ALL).is_empty());
    }

    #[test]
    fn kinds_have_stable_texts() {
        let kinds = [
            (FileKind::Gerber, "gerber"),
            (FileKind::Bom, "bom"),
            (FileKind::PickAndPlace, "pick_and_place"),
        ];
        assert_eq!(FileKind::ALL, kinds.map(|(kind, _)| kind));
        for (kind, text) in kinds {
            assert_eq!(kind.as_str(), text);
            assert_eq!(FileKind::parse(text), Ok(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{text}\""));
        }
        assert_eq!(FileKind::parse(""), Err(FieldError::Required));
        assert_eq!(FileKind::parse("drill"), Err(FieldError::InvalidChoice));
    }

    #[test]
    fn each_kind_accepts_its_types() {
        use FileKind::*;
        let zip = b"PK\x03\x04\x14\x00rest";
        let text = "Ref;Qté;Valeur\nR1;2;10k\n".as_bytes();
        let bom_utf8 = b"\xef\xbb\xbfRef,Qty\n";
        let cut = b"Ref;Qt\xc3"; // "Qté" cut inside the "é"
        let utf16 = b"\xff\xfeR\x00e\x00f\x00";
        let latin1 = b"Ref;Qt\xe9;Valeur\n";
        let exe = b"MZ\x90\x00\x03\x00";
        let empty_zip = b"PK\x05\x06\x00\x00";
        let not_allowed = Err(FieldError::FileTypeNotAllowed);
        /// (kind, file name, first bytes, expected)
        type Case<'a> = (FileKind, &'a str, &'a [u8], Result<(), FieldError>);
        let cases: &[Case] = &[
            (Gerber, "carte.zip", zip, Ok(())),
            (Gerber, "CARTE.ZIP", zip, Ok(())),
            (Gerber, "C:\\fakepath\\carte.v2.Zip", zip, Ok(())),
            (Gerber, "carte.zip", exe, not_allowed),
            (Gerber, "carte.zip", text, not_allowed),
            (Gerber, "carte.zip", empty_zip, not_allowed),
            (Gerber, "carte.rar", zip, not_allowed),
            (Gerber, "carte.xlsx", zip, not_allowed),
            (Gerber, "carte", zip, not_allowed),
            (Gerber, "zip", zip, not_allowed),
            (Bom, "bom.csv", text, Ok(())),
            (Bom, "bom.TXT", text, Ok(())),
            (Bom, "bom.csv", bom_utf8, Ok(())),
            (Bom, "bom.csv", cut, Ok(())),
            (Bom, "bom.xlsx", zip, Ok(())),
            (Bom, "bom.xlsx", text, not_allowed),
            (Bom, "bom.xls", exe, not_allowed),
            (Bom, "bom.csv", b"a\x00b", not_allowed),
            (Bom, "bom.csv", utf16, not_allowed),
            (Bom, "bom.csv", latin1, not_allowed),
            (Bom, "bom.csv", zip, not_allowed), // a renamed archive: its header has NUL bytes
            (Bom, "bom.pos", text, not_allowed),
            (Bom, "bom.zip", zip, not_allowed),
            (PickAndPlace, "top.pos", text, Ok(())),
            (PickAndPlace, "top.csv", text, Ok(())),
            (PickAndPlace, "top.txt", cut, Ok(())),
            (PickAndPlace, "top.txt", b"caf\xff\xfe text", not_allowed),
            (PickAndPlace, "top.txt", b"caf\xc3 text", not_allowed),
            (PickAndPlace, "top.xlsx", zip, not_allowed),
            (PickAndPlace, "top.exe", text, not_allowed),
        ];
        for (kind, name, head, expected) in cases {
            assert_eq!(
                kind.check(name, head.len() as u64, head),
                *expected,
                "{kind:?} {name}"
            );
        }
    }

    #[test]
    fn sizes() {
        let zip = b"PK\x03\x04";
        let cases = [
            (0, Err(FieldError::FileEmpty)),
            (1, Ok(())),
            (MAX_FILE_BYTES, Ok(())),
            (MAX_FILE_BYTES + 1, Err(FieldError::FileTooLarge)),
            (u64::MAX, Err(FieldError::FileTooLarge)),
        ];
        for (size, expected) in cases {
            assert_eq!(
                FileKind::Gerber.check("a.zip", size, zip),
                expected,
                "{size}"
            );
        }
        // The size is checked before the type: an empty or huge file is said so.
        assert_eq!(
            FileKind::Gerber.check("a.exe", 0, b""),
            Err(FieldError::FileEmpty)
        );
        assert_eq!(
            FileKind::Gerber.check("a.exe", MAX_FILE_BYTES + 1, b"MZ"),
            Err(FieldError::FileTooLarge)
        );
    }

    #[test]
    fn accept_attributes_list_the_checked_extensions() {
        let cases = [
            (FileKind::Gerber, &[".zip"][..]),
            (FileKind::Bom, &[".csv", ".txt", ".xlsx"][..]),
            (FileKind::PickAndPlace, &[".csv", ".txt", ".pos"][..]),
        ];
        for (kind, extensions) in cases {
            let listed: Vec<&str> = kind
                .accept_attribute()
                .split(',')
                .filter(|item| item.starts_with('.'))
                .collect();
            assert_eq!(listed, extensions, "{kind:?}");
        }
    }

    #[test]
    fn content_types() {
        let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        let cases = [
            (FileKind::Gerber, "carte.zip", "application/zip"),
            (FileKind::Gerber, "carte.ZIP", "application/zip"),
            (FileKind::Bom, "bom.xlsx", xlsx),
            (FileKind::Bom, "bom.csv", "text/csv"),
            (FileKind::Bom, "bom.txt", "text/plain"),
            (FileKind::PickAndPlace, "top.CSV", "text/csv"),
            (FileKind::PickAndPlace, "top.pos", "text/plain"),
            (FileKind::PickAndPlace, "top.txt", "text/plain"),
            (FileKind::PickAndPlace, "top.xlsx", "text/plain"),
            (FileKind::Bom, "bom.html", "text/plain"),
        ];
        for (kind, name, expected) in cases {
            assert_eq!(kind.content_type(name), expected, "{kind:?} {name}");
        }
    }

    #[test]
    fn file_names_are_made_safe() {
        let cases = [
            ("carte v2.zip", "carte v2.zip"),
            ("  carte.zip ", "carte.zip"),
            ("C:\\Users\\x\\carte v2.zip", "carte v2.zip"),
            ("../../etc/passwd", "passwd"),
            ("dossier/", "file"),
            ("a\"b\n.zip", "a_b_.zip"),
            ("a\u{7f}b\u{85}.zip", "a_b_.zip"),
            ("nomenclature (rév. B).xlsx", "nomenclature (rév. B).xlsx"),
            ("", "file"),
            ("   ", "file"),
            (".", "file"),
            ("..", "file"),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_file_name(input), expected, "{input:?}");
        }
    }

    #[test]
    fn long_file_names_are_cut_keeping_the_extension() {
        let long = format!("{}.zip", "é".repeat(150));
        let safe = safe_file_name(&long);
        assert_eq!(safe, format!("{}.zip", "é".repeat(96)));
        let no_extension = "x".repeat(150);
        assert_eq!(safe_file_name(&no_extension), "x".repeat(100));
        let long_extension = format!("a.{}", "b".repeat(150));
        assert_eq!(safe_file_name(&long_extension).chars().count(), 100);
        let exactly = format!("{}.zip", "a".repeat(96));
        assert_eq!(safe_file_name(&exactly), exactly);
    }
}
