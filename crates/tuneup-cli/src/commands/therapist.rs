//! `tuneup therapist find|add|edit|list|show|rm`: finding a massage therapist, and the
//! runner's own list with each clinic's precautions checklist.

use crate::context::Context;
use crate::output::{OutputArgs, Table, or_dash, print_json};
use crate::values;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tuneup_app::AppError;
use tuneup_app::therapists::{self, PrecautionAnswers, TherapistDetails};
use tuneup_core::Id;
use tuneup_core::knowledge::knowledge;
use tuneup_core::model::{CheckAnswer, ClinicCheck, Therapist};
use tuneup_core::vocab::Technique;
use tuneup_store::Listing;

#[derive(Debug, Subcommand)]
pub enum TherapistCommand {
    /// How to find a massage therapist near you (links and advice; tuneup does not search).
    Find(FindArgs),
    /// Add a therapist.
    ///
    /// Example: tuneup therapist add --name "Jordan Lee" --licence MT-1234 --licence-region OR --techniques swedish,deep_tissue --yes prescreening,linens
    Add(AddArgs),
    /// Change a therapist's details; only the flags you give change.
    ///
    /// Example: tuneup therapist edit 1 --price 95 --yes air_filtration
    Edit(EditArgs),
    /// List your therapists.
    List(OutputArgs),
    /// Show one therapist with the clinic precautions checklist.
    Show(ShowArgs),
    /// Take a therapist off your list. Logged sessions keep their therapist's name.
    Rm(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// Your ZIP or postal code, to type into the directories' search.
    #[arg(long, value_name = "CODE")]
    pub zip: Option<String>,
}

/// The therapist's details. On `add` they set the record; on `edit`, each given flag replaces
/// that field.
#[derive(Debug, Args)]
pub struct DetailArgs {
    /// Phone, email or address.
    #[arg(long)]
    pub contact: Option<String>,
    /// Licence number.
    #[arg(long)]
    pub licence: Option<String>,
    /// Where the licence was issued (state or country).
    #[arg(long)]
    pub licence_region: Option<String>,
    /// Techniques offered: swedish,deep_tissue,trigger_point.
    #[arg(long, value_delimiter = ',', value_parser = values::vocab::<Technique>)]
    pub techniques: Option<Vec<Technique>>,
    /// Insurance accepted.
    #[arg(long)]
    pub insurance: Option<String>,
    /// Price of a usual session.
    #[arg(long, value_parser = values::money)]
    pub price: Option<tuneup_core::money::TypedAmount>,
    #[arg(long)]
    pub notes: Option<String>,
    #[command(flatten)]
    pub precautions: PrecautionArgs,
}

/// The clinic precautions checklist (see `tuneup precautions`): which points the clinic
/// meets, which it does not, and which you could not confirm.
#[derive(Debug, Args)]
pub struct PrecautionArgs {
    /// Precautions the clinic meets: prescreening,air_filtration,surfaces,linens,local_rules.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub yes: Vec<String>,
    /// Precautions the clinic does not meet.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub no: Vec<String>,
    /// Precautions you asked about but could not confirm.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub unsure: Vec<String>,
    /// The day you checked (default: today).
    #[arg(long, value_parser = values::date)]
    pub checked: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub details: DetailArgs,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The therapist's id (see `tuneup therapist list`).
    #[arg(value_parser = values::id)]
    pub id: i64,
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub details: DetailArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[arg(value_parser = values::id)]
    pub id: i64,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    #[arg(value_parser = values::id)]
    pub id: i64,
}

pub fn run(context: &Context, command: TherapistCommand) -> anyhow::Result<()> {
    if let TherapistCommand::Find(args) = &command {
        print!("{}", find_guidance(args.zip.as_deref()));
        return Ok(());
    }
    let mut store = context.open_store()?;
    let athlete = context.athlete;
    match command {
        TherapistCommand::Find(_) => unreachable!("handled above, without opening the store"),
        TherapistCommand::Add(args) => {
            let details = args.details.into_details();
            let id = therapists::add(
                store.as_mut(),
                athlete,
                &args.name,
                details,
                context.today(),
            )
            .map_err(with_hint)?;
            println!("added therapist {id}: {}", args.name);
        }
        TherapistCommand::Edit(args) => {
            let id = Id(args.id);
            let details = args.details.into_details();
            let therapist = therapists::edit(
                store.as_mut(),
                athlete,
                id,
                args.name,
                details,
                context.today(),
            )
            .map_err(with_hint)?;
            println!("updated therapist {id}: {}", therapist.name);
        }
        TherapistCommand::List(output) => {
            let listed = therapists::list(store.as_ref(), athlete)?;
            if output.json {
                let records: Vec<_> = listed.iter().map(|(record, _)| record).collect();
                return print_json(&records);
            }
            let mut table = Table::new(&[
                "id",
                "name",
                "techniques",
                "licence",
                "contact",
                "price",
                "precautions",
            ]);
            for (t, check) in &listed {
                table.row(vec![
                    t.id.to_string(),
                    t.item.name.clone(),
                    t.item
                        .techniques
                        .iter()
                        .map(|x| x.id())
                        .collect::<Vec<_>>()
                        .join(","),
                    or_dash(licence_text(&t.item)),
                    or_dash(t.item.contact.clone()),
                    or_dash(t.item.price.map(|p| p.to_string())),
                    check_summary(check.as_ref()),
                ]);
            }
            table.print_or(
                "no therapists yet: see `tuneup therapist find` and `tuneup therapist add`",
            );
        }
        TherapistCommand::Show(args) => {
            let shown =
                therapists::show(store.as_ref(), athlete, Id(args.id)).map_err(with_hint)?;
            if args.output.json {
                return print_json(&serde_json::json!({
                    "id": shown.record.id,
                    "therapist": shown.record.item,
                    "removed": shown.listing == Listing::Removed,
                    "precautions": shown.check,
                }));
            }
            print!(
                "{}",
                show_text(&shown.record.item, shown.listing, shown.check.as_ref())
            );
        }
        TherapistCommand::Rm(args) => {
            let record =
                therapists::remove(store.as_mut(), athlete, Id(args.id)).map_err(with_hint)?;
            println!(
                "removed therapist {}: {} (past sessions still show the name)",
                record.id, record.item.name
            );
        }
    }
    Ok(())
}

/// "No therapist" says where to look them up.
fn with_hint(error: AppError) -> anyhow::Error {
    match error {
        AppError::NotFound {
            what: "therapist",
            id,
        } => anyhow::anyhow!("no therapist with id {id} (see `tuneup therapist list`)"),
        other => other.into(),
    }
}

impl DetailArgs {
    fn into_details(self) -> TherapistDetails {
        TherapistDetails {
            contact: self.contact,
            licence: self.licence,
            licence_region: self.licence_region,
            techniques: self.techniques,
            insurance: self.insurance,
            price: self.price,
            notes: self.notes,
            precautions: PrecautionAnswers {
                yes: self.precautions.yes,
                no: self.precautions.no,
                unsure: self.precautions.unsure,
                checked: self.precautions.checked,
            },
        }
    }
}

fn licence_text(t: &Therapist) -> Option<String> {
    match (&t.licence, &t.licence_region) {
        (Some(number), Some(region)) => Some(format!("{number} ({region})")),
        (Some(number), None) => Some(number.clone()),
        (None, Some(region)) => Some(format!("? ({region})")),
        (None, None) => None,
    }
}

/// "4/5 yes, 2026-11-02" or "-".
fn check_summary(check: Option<&ClinicCheck>) -> String {
    match check {
        None => "-".to_string(),
        Some(check) => {
            let yes = check
                .answers
                .iter()
                .filter(|a| a.answer == CheckAnswer::Yes)
                .count();
            format!(
                "{yes}/{} yes, {}",
                knowledge().precautions.len(),
                check.checked_on
            )
        }
    }
}

fn show_text(t: &Therapist, listing: Listing, check: Option<&ClinicCheck>) -> String {
    let mut out = t.name.clone();
    if listing == Listing::Removed {
        out.push_str(" (removed from your list)");
    }
    out.push('\n');
    let mut line = |label: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push_str(&format!("  {label:<11} {value}\n"));
        }
    };
    line("licence", licence_text(t));
    line(
        "techniques",
        (!t.techniques.is_empty()).then(|| {
            t.techniques
                .iter()
                .map(|x| x.label())
                .collect::<Vec<_>>()
                .join(", ")
        }),
    );
    line("insurance", t.insurance.clone());
    line("price", t.price.map(|p| p.to_string()));
    line("contact", t.contact.clone());
    line("notes", t.notes.clone());
    match check {
        None => out.push_str(
            "\nClinic precautions: not checked yet (add answers with `tuneup therapist edit ID --yes ... --no ...`)\n",
        ),
        Some(check) => {
            out.push_str(&format!("\nClinic precautions, checked {}:\n", check.checked_on));
            for precaution in &knowledge().precautions {
                let mark = match check.answer(&precaution.id) {
                    Some(CheckAnswer::Yes) => "[x]",
                    Some(CheckAnswer::No) => "[ ] no:",
                    Some(CheckAnswer::Unsure) => "[?]",
                    None => "[ ] not asked:",
                };
                out.push_str(&format!("  {mark} {}\n", precaution.text));
            }
        }
    }
    out
}

/// The AMTA's public search page (checked against references to it).
pub const AMTA_FIND: &str = "https://www.amtamassage.org/find-massage-therapist/";
/// ABMP's public site for clients, which carries its therapist search.
pub const ABMP_SITE: &str = "https://www.massagetherapy.com/";

/// Where to look for a therapist. Guidance and links only: tuneup does not search or scrape.
pub fn find_guidance(zip: Option<&str>) -> String {
    let zip = zip.map(str::trim).filter(|z| !z.is_empty());
    let mut out = String::from("Finding a massage therapist\n\n");
    out.push_str("1. The directories of the two large US professional associations, searchable by location:\n");
    out.push_str(&format!(
        "   - American Massage Therapy Association (AMTA): {AMTA_FIND}\n"
    ));
    out.push_str(&format!(
        "   - Associated Bodywork & Massage Professionals (ABMP), on its site for clients: {ABMP_SITE}\n"
    ));
    match zip {
        Some(zip) => out.push_str(&format!(
            "   Type {zip} into their search. tuneup does not search for you or send your location anywhere.\n"
        )),
        None => out.push_str(
            "   Search with your ZIP or postal code. tuneup does not search for you or send your location anywhere.\n",
        ),
    }
    out.push_str("2. Ask at your local running store or running club: other runners know who works well with them.\n");
    out.push_str("3. Ask your physical therapist, doctor or coach for a referral, especially if you are coming back from an injury.\n");
    out.push_str("\nA therapist does not need \"sports massage\" in their title to help a runner: ask whether they often\n");
    out.push_str(
        "work with runners and which techniques they use (Swedish, deep tissue, trigger point).\n",
    );
    out.push_str("Check their licence with your state or country's massage board where one exists, and go through\n");
    out.push_str(
        "the clinic checklist in `tuneup precautions`. Then: tuneup therapist add --name \"...\"\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_names_the_directories_and_the_zip_but_sends_nothing() {
        let text = find_guidance(Some(" 97201 "));
        assert!(text.contains(AMTA_FIND));
        assert!(text.contains(ABMP_SITE));
        assert!(text.contains("Type 97201 into their search"));
        assert!(text.contains("running store"));
        assert!(text.contains("physical therapist"));
        assert!(text.contains("\"sports massage\""));
        assert!(!find_guidance(None).contains("Type"));
    }
}
