// Normalization as other packages (bench/) use it.
export { canonicalUrl } from './canonical-url';
export { capText, HtmlText } from './html-text';
export { countriesOf, workplaceOf } from './location';
export {
  PostingNormalizer,
  type KeywordTagger,
  type NormalizedPosting,
  type NormalizerOptions,
  type TextOfHtml,
} from './posting-normalizer';
export { parseSalaryText, structuredSalary } from './salary';
export { postingId, type SourcePosting } from './source-posting';
export { GreenhouseJob, greenhousePosting } from '../adapters/greenhouse';
