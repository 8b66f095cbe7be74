"""fides interop: our map exported as a fides dataset manifest uses fideslang's category keys and
reads back with the same categories and links; a fides user's own manifest becomes a draft map."""

import yaml

from shared.datamap import fides
from shared.datamap.loader import REFERENCE, load_map

# fideslang's default data categories that the export may use (fideslang default_taxonomy).
FIDESLANG = {
    "user.unique_id", "user.name", "user.contact", "user.contact.email", "user.contact.phone_number",
    "user.contact.address.postal_code", "user.contact.address.city", "user.contact.address.street",
    "user.demographic.date_of_birth", "user.financial", "user.financial.bank_account", "system.operations",
    "system.authentication", "user.content", "user.content.private", "user.account", "user.device.ip_address",
    "user.privacy_preferences", "user.professional_information.workplace",
}

FOREIGN = """
dataset:
  - fides_key: webshop
    name: Webshop
    collections:
      - name: customer
        fields:
          - name: id
            data_categories: [user.unique_id]
            fides_meta: {primary_key: true, data_type: integer}
          - name: email
            data_categories: [user.contact.email]
            fides_meta: {identity: email, data_type: string}
          - name: name
            data_categories: [user.name.first]
      - name: orders
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: customer_id
            data_categories: [user.unique_id]
            fides_meta:
              references: [{dataset: webshop, field: customer.id, direction: from}]
          - name: shipping_address
            data_categories: [user.contact.address.street]
"""


def test_the_export_is_a_fides_dataset_with_fideslang_categories():
    doc = yaml.safe_load(fides.export_manifest(load_map(REFERENCE), "incassotool_platform"))
    (dataset,) = doc["dataset"]
    assert dataset["fides_key"] == "incassotool_platform"
    used = {c for coll in dataset["collections"] for f in coll["fields"] for c in f["data_categories"]}
    assert used <= FIDESLANG, used - FIDESLANG
    debtors = next(c for c in dataset["collections"] if c["name"] == "debtors")
    email = next(f for f in debtors["fields"] if f["name"] == "email")
    assert email["data_categories"] == ["user.contact.email"] and email["fides_meta"]["identity"] == "email"
    dossiers = next(c for c in dataset["collections"] if c["name"] == "dossiers")
    debtor_id = next(f for f in dossiers["fields"] if f["name"] == "debtor_id")
    assert debtor_id["fides_meta"]["references"][0]["field"] == "debtors.id"


def test_our_export_reads_back_with_the_same_categories_and_links(tmp_path):
    reference = load_map(REFERENCE)
    out = tmp_path / "back.yaml"
    out.write_text(fides.import_manifest(fides.export_manifest(reference, "x"), "x.yaml"), encoding="utf-8")
    back = load_map(out, allow_pending=True)
    for t in reference:
        assert {c: col.category for c, col in back[t.table].columns.items()} == \
            {c: col.category for c, col in t.columns.items()}, t.table
        assert (back[t.table].parent, back[t.table].client_path) == (t.parent, t.client_path), t.table
        assert back[t.table].label_nl == t.label_nl


def test_a_fides_users_manifest_becomes_a_draft_for_review(tmp_path):
    out = tmp_path / "draft.yaml"
    out.write_text(fides.import_manifest(FOREIGN, "webshop.yml"), encoding="utf-8")
    draft = load_map(out, allow_pending=True)
    assert draft["customer"].identity_keys == ("email",)
    assert draft["orders"].parent is not None and draft["orders"].parent.parent == "customer"
    assert draft["orders"].columns["shipping_address"].category.value == "contact"
    assert draft["customer"].columns["name"].category.value == "name"
    assert "review: pending" in out.read_text(encoding="utf-8")
