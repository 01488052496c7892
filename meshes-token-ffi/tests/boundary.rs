//! Proof, by parsing the source with `syn`, that every exported function goes through the
//! panic boundary: each `extern "C" fn` in `src/` is `#[unsafe(no_mangle)]`, its whole body is
//! one call to `guard(..)`, none is `extern "C-unwind"`, and the set of them is exactly the set
//! of functions in the header.
#![allow(missing_docs, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

use syn::visit::{self, Visit};
use syn::{Abi, Attribute, Block, Expr, Meta, Signature, Stmt};

/// What the boundary rules say of one source file: the exported names, and every breach.
#[derive(Debug, Default)]
struct Scan {
    names: Vec<String>,
    problems: Vec<String>,
}

impl Scan {
    fn function(&mut self, attrs: &[Attribute], sig: &Signature, block: &Block) {
        let Some(abi) = abi_name(sig.abi.as_ref()) else {
            return;
        };
        let name = sig.ident.to_string();
        if abi != "C" {
            self.problems.push(format!(
                "{name} is extern {abi:?}: no function may unwind into C"
            ));
        }
        if !attrs.iter().any(is_no_mangle) {
            self.problems
                .push(format!("{name} is not #[unsafe(no_mangle)]"));
        }
        if !is_one_guard_call(block) {
            self.problems
                .push(format!("{name}'s body is not one `guard(..)` call"));
        }
        self.names.push(name);
    }
}

impl<'ast> Visit<'ast> for Scan {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.function(&f.attrs, &f.sig, &f.block);
        visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.function(&f.attrs, &f.sig, &f.block);
        visit::visit_impl_item_fn(self, f);
    }
}

/// The ABI string of an `extern` function (`extern fn` is "C"); `None` for a Rust function.
fn abi_name(abi: Option<&Abi>) -> Option<String> {
    let abi = abi?;
    Some(
        abi.name
            .as_ref()
            .map_or_else(|| "C".to_owned(), syn::LitStr::value),
    )
}

/// `#[unsafe(no_mangle)]`.
fn is_no_mangle(attr: &Attribute) -> bool {
    match &attr.meta {
        Meta::List(list) => list.path.is_ident("unsafe") && list.tokens.to_string() == "no_mangle",
        _ => false,
    }
}

/// Whether `block` is exactly one call `guard(..)`, with nothing before or after it.
fn is_one_guard_call(block: &Block) -> bool {
    let [Stmt::Expr(Expr::Call(call), None)] = block.stmts.as_slice() else {
        return false;
    };
    matches!(&*call.func, Expr::Path(path) if path.qself.is_none() && path.path.is_ident("guard"))
}

fn scan(source: &str) -> Scan {
    let file = syn::parse_file(source).expect("the source parses");
    let mut scan = Scan::default();
    scan.visit_file(&file);
    scan
}

fn crate_sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<_> = std::fs::read_dir(&src)
        .expect("src/")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read source");
            (p.display().to_string(), text)
        })
        .collect()
}

/// The names of the functions the header declares.
fn header_functions() -> BTreeSet<String> {
    let header = Path::new(env!("CARGO_MANIFEST_DIR")).join("../include/meshes_token.h");
    let header = std::fs::read_to_string(header).expect("read include/meshes_token.h");
    header
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()) && l.contains('('))
        .filter(|l| !l.starts_with("typedef") && !l.starts_with("extern \"C\""))
        .filter_map(|l| l.split('(').next())
        .filter_map(|before| {
            before
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .map(str::to_owned)
        })
        .collect()
}

#[test]
fn every_exported_function_goes_through_the_boundary() {
    let mut names = BTreeSet::new();
    let mut problems = Vec::new();
    for (path, text) in crate_sources() {
        let found = scan(&text);
        problems.extend(found.problems.into_iter().map(|p| format!("{path}: {p}")));
        names.extend(found.names);
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(
        names,
        header_functions(),
        "exported functions differ from the header's"
    );
    assert_eq!(names.len(), 13, "{names:?}");
}

#[test]
fn the_scan_catches_what_it_must() {
    let good = r#"
        // extern "C" fn in_a_comment() {}
        #[unsafe(no_mangle)]
        pub extern "C" fn ok(x: u32) -> u32 {
            // a comment is not a statement
            guard(0, || { let s = "}"; let c = '}'; x + s.len() as u32 + c as u32 })
        }
        unsafe extern "C" { fn declared_not_exported(); }
    "#;
    let found = scan(good);
    assert_eq!(found.names, ["ok"]);
    assert!(found.problems.is_empty(), "{:?}", found.problems);

    for bad in [
        // work before the boundary
        "#[unsafe(no_mangle)]\npub extern \"C\" fn a() -> u32 { let x = 1; guard(0, || x) }",
        // work after the boundary
        "#[unsafe(no_mangle)]\npub extern \"C\" fn b() -> u32 { guard(0, || 1); 2 }",
        // no boundary at all
        "#[unsafe(no_mangle)]\npub unsafe extern \"C\" fn c() -> u32 { 1 }",
        // a different helper
        "#[unsafe(no_mangle)]\npub extern \"C\" fn d() -> u32 { guarded(0, || 1) }",
        // not exported under its name
        "pub extern \"C\" fn e() -> u32 { guard(0, || 1) }",
        // unwinding allowed into C
        "#[unsafe(no_mangle)]\npub extern \"C-unwind\" fn f() -> u32 { guard(0, || 1) }",
        // inside a module, and a method
        "mod m { #[unsafe(no_mangle)]\npub extern \"C\" fn g() -> u32 { 1 } }",
        "impl S { #[unsafe(no_mangle)]\npub extern \"C\" fn h() -> u32 { 1 } }",
        // `extern fn` is `extern "C"`
        "#[unsafe(no_mangle)]\npub extern fn i() -> u32 { let _ = 0; guard(0, || 1) }",
    ] {
        let found = scan(bad);
        assert_eq!(found.names.len(), 1, "{bad}");
        assert_eq!(found.problems.len(), 1, "{bad}: {:?}", found.problems);
    }
}
