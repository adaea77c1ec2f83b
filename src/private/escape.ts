/**
 * Terraform interpolates `${…}` and `%{…}` inside JSON strings. Literal text from the model (scripts, a
 * worker property such as `${file:/secrets/db.properties:password}`, a connector's `${env:NAME}`) must reach
 * the resource verbatim, so it is escaped; cdktf's own tokens (`${TfToken[…]}`) are left to resolve.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, () => '$${').replace(/%\{/g, () => '%%{');
}
