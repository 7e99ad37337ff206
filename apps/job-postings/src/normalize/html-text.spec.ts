import { capText, HtmlText } from './html-text';
import { textOfClass } from './html-section';

describe('HtmlText', () => {
  const html = new HtmlText();

  it('decodes entities, separates paragraphs and list items, drops scripts and styles', () => {
    expect(
      html.convert(
        '<div><h2>About&nbsp;us</h2><p>We use <b>Kafka</b> &amp; DuckDB.</p><style>p{}</style>' +
          '<ul><li>Build pipelines</li><li>Own <i>SLOs</i></li></ul><script>alert(1)</script>' +
          '<p>Line one<br>line two</p></div>',
      ),
    ).toBe(
      'About us\n\nWe use Kafka & DuckDB.\n\n- Build pipelines\n- Own SLOs\n\nLine one\nline two',
    );
  });

  it('handles HN-style paragraphs that are never closed, and unbalanced markup', () => {
    expect(html.convert('Acme | Engineer<p>We build things<p>Apply: <a href="x">x</a>')).toBe(
      'Acme | Engineer\n\nWe build things\n\nApply: x',
    );
    expect(html.convert('<p>open <b>bold')).toBe('open bold');
  });

  it('keeps every character of documents larger than its buffer', () => {
    const words = Array.from({ length: 6_000 }, (_, index) => `w${index}`);
    const text = html.convert(
      `<p>${words.join(' \n\t ')}</p><ul><li>${'x'.repeat(20_000)}</li></ul>`,
    );
    expect(text).toBe(`${words.join(' ')}\n\n- ${'x'.repeat(20_000)}`);
  });

  it('decodes entities outside the basic plane and treats &nbsp; and source line breaks as spaces', () => {
    expect(html.convert('<p>A&nbsp;B\nC &#x1F600; &amp;</p>')).toBe('A B C 😀 &');
  });

  it('is reusable: no state leaks between documents', () => {
    html.convert('<script>never closed');
    expect(html.convert('<p>next</p>')).toBe('next');
  });
});

describe('capText', () => {
  it('cuts at a word boundary near the cap and flags it', () => {
    expect(capText('short', 10)).toEqual({ text: 'short', truncated: false });
    expect(capText('alpha beta gamma delta epsilon', 23)).toEqual({
      text: 'alpha beta gamma delta',
      truncated: true,
    });
    expect(capText('alpha beta gamma delta', 15)).toEqual({
      text: 'alpha beta gamm',
      truncated: true,
    });
  });

  it('never splits a surrogate pair', () => {
    const { text } = capText(`${'a'.repeat(9)}😀b`, 10);
    expect(text).toBe('a'.repeat(9));
  });
});

describe('textOfClass', () => {
  it('finds the text of the first element with the class', () => {
    const html =
      '<p>x</p><div class="content-pay-transparency"><div class="pay-range"><span>$120,000</span>' +
      '<span class="divider">&mdash;</span><span>$150,000 USD</span></div></div>';
    expect(textOfClass(html, 'pay-range')).toBe('$120,000—$150,000 USD');
    expect(textOfClass('<p>no pay</p>', 'pay-range')).toBeNull();
  });
});
