import { cleanPlainText } from './plain-text';

const P1 =
  'The harbour authority said on Monday that the new pier would open in June, two months later than planned.';
const P2 =
  'Engineers found cracks in two of the concrete pillars during a routine inspection last autumn, the authority said.';
const P3 =
  'Ferry operators have been told to keep using the old landing stage until the repairs are finished.';

describe('cleanPlainText', () => {
  it('keeps an already clean story as it is', () => {
    const body = [P1, P2, P3].join('\n\n');
    expect(cleanPlainText('New pier delayed', body)).toEqual({ title: 'New pier delayed', body });
  });

  it('removes stray JavaScript and the credit line glued to it', () => {
    const js =
      '(function() { (window.adSlots = window.adSlots || []).push({id: "x-1", async: true}); })(); source: City News Agency editor: Jan Novak';
    const body = [P1, P2, js].join('\n\n');
    expect(cleanPlainText('New pier delayed', body).body).toBe([P1, P2].join('\n\n'));
  });

  it('removes a JavaScript statement inside a line but keeps the prose around it', () => {
    const body = `${P1} var ad = document.getElementById("ad"); ad.style.display = "none"; ${P2}`;
    expect(cleanPlainText('New pier delayed', body).body).toBe(`${P1} ${P2}`);
  });

  it('removes a "Read More:" list of headlines', () => {
    const body = [
      P1,
      P2,
      'Read More:',
      'Storm damages sea wall in the old port',
      'Ferry fares to rise by five percent next year',
    ].join('\n\n');
    expect(cleanPlainText('New pier delayed', body).body).toBe([P1, P2].join('\n\n'));
  });

  it('stops the link list at the first paragraph of prose', () => {
    const body = ['Related stories:', 'Storm damages sea wall in the old port', P1].join('\n');
    expect(cleanPlainText('New pier delayed', body).body).toBe(P1);
  });

  it('removes interface words left over from the page', () => {
    const body = ['Search', P1, 'Share this', P2, 'Helpful keywords', 'Discuss', '___'].join(
      '\n\n',
    );
    expect(cleanPlainText('New pier delayed', body).body).toBe([P1, P2].join('\n\n'));
  });

  it('removes repetitions of the title, whatever their case and spacing', () => {
    const body = [' NEW PIER  delayed ', P1, 'New pier delayed.', P2].join('\n\n');
    expect(cleanPlainText('New pier delayed', body).body).toBe([P1, P2].join('\n\n'));
  });

  it('removes lone section and source labels but keeps bracketed subheadings', () => {
    const body = ['Business', P1, 'Reuters', P2, '[What happens next]', P3].join('\n\n');
    expect(cleanPlainText('New pier delayed', body).body).toBe(
      [P1, P2, '[What happens next]', P3].join('\n\n'),
    );
  });

  it('takes the headline from the body when the title line is a section label or a button', () => {
    expect(cleanPlainText('World', `New pier delayed\n\n${P1}`)).toEqual({
      title: 'New pier delayed',
      body: P1,
    });
    expect(cleanPlainText('Search', `Local\n\nNew pier delayed\n\n${P1}`)).toEqual({
      title: 'New pier delayed',
      body: P1,
    });
  });

  it('keeps short sentences and numbers that are part of the story', () => {
    const body = [P1, 'He declined to comment.', 'Cost: 12 million euros', P2].join('\n\n');
    expect(cleanPlainText('New pier delayed', body).body).toBe(body);
  });
});
