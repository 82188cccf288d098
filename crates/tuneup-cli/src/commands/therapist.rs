//! `tuneup therapist add|list`: the runner's own list of massage therapists.

use crate::context::Context;
use crate::output::{OutputArgs, Table, or_dash, print_json};
use crate::values;
use clap::{Args, Subcommand};
use tuneup_core::model::Therapist;
use tuneup_core::vocab::Technique;

#[derive(Debug, Subcommand)]
pub enum TherapistCommand {
    /// Add a therapist.
    ///
    /// Example: tuneup therapist add --name "Jordan Lee" --licence MT-1234 --techniques swedish,deep_tissue
    Add(AddArgs),
    /// List your therapists.
    List(OutputArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    pub name: String,
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
    pub techniques: Vec<Technique>,
    /// Insurance accepted.
    #[arg(long)]
    pub insurance: Option<String>,
    /// Price of a usual session.
    #[arg(long)]
    pub price: Option<f64>,
    #[arg(long)]
    pub notes: Option<String>,
}

pub fn run(context: &Context, command: TherapistCommand) -> anyhow::Result<()> {
    let mut store = context.open_store()?;
    match command {
        TherapistCommand::Add(args) => {
            let therapist = Therapist {
                name: args.name,
                contact: args.contact,
                licence: args.licence,
                licence_region: args.licence_region,
                techniques: args.techniques,
                insurance: args.insurance,
                price: args.price,
                notes: args.notes,
            };
            let id = store.add_therapist(&therapist)?;
            println!("added therapist {id}: {}", therapist.name);
        }
        TherapistCommand::List(output) => {
            let therapists = store.therapists()?;
            if output.json {
                return print_json(&therapists);
            }
            let mut table =
                Table::new(&["id", "name", "techniques", "licence", "contact", "price"]);
            for t in &therapists {
                table.row(vec![
                    t.id.to_string(),
                    t.item.name.clone(),
                    t.item
                        .techniques
                        .iter()
                        .map(|x| x.id())
                        .collect::<Vec<_>>()
                        .join(","),
                    or_dash(t.item.licence.clone()),
                    or_dash(t.item.contact.clone()),
                    or_dash(t.item.price.map(|p| format!("{p:.2}"))),
                ]);
            }
            table.print_or("no therapists yet: see `tuneup therapist add`");
        }
    }
    Ok(())
}
