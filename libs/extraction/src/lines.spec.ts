import {
  isBylineLine,
  isCallToAction,
  isCommentsHeading,
  isDateLine,
  isMoreStoriesHeading,
} from './lines';

describe('edge line recognisers', () => {
  it.each([
    'Updated 5:27 am CST, Wednesday, November 20, 2019',
    '| November 18, 2019 12:01 PM',
    '05.10.2018 | 14:35',
    'Published on 2019-11-20',
  ])('takes "%s" for a dateline', (line) => expect(isDateLine(line)).toBe(true));

  it.each([
    'October 5, 2018: the day the pier collapsed and the town rallied',
    'Line 1 opens in 2025.',
  ])('does not take "%s" for a dateline', (line) => expect(isDateLine(line)).toBe(false));

  it('recognises bylines, calls to action and "more stories" headings', () => {
    expect(isBylineLine('By Jane Doe and Max Mustermann')).toBe(true);
    expect(isBylineLine('By the end of the year the line will be finished.')).toBe(false);
    expect(isCallToAction('Follow us on Twitter @example for the latest news.')).toBe(true);
    expect(isCallToAction('The council will follow the advice of its engineers.')).toBe(false);
    expect(isMoreStoriesHeading('You may also like...')).toBe(true);
    expect(isMoreStoriesHeading('More than a thousand people attended the meeting.')).toBe(false);
    expect(isCommentsHeading('12 Responses')).toBe(true);
    expect(isCommentsHeading('Leave a Reply')).toBe(true);
    expect(isCommentsHeading('Responses to the crisis were slow.')).toBe(false);
  });
});
