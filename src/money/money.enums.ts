import { registerEnumType } from 'type-graphql';

export enum MoneyUnit {
  YUAN = 'YUAN',
  WAN = 'WAN',
  YI = 'YI',
}

export enum AmountQualifier {
  EXACT = 'EXACT',
  APPROX = 'APPROX',
  OVER = 'OVER',
  UNDER = 'UNDER',
}

registerEnumType(MoneyUnit, {
  name: 'MoneyUnit',
  description: 'The unit an amount was written in (金额单位).',
  valuesConfig: {
    YUAN: { description: '元 (yuan).' },
    WAN: { description: '万元: 10,000 yuan; 万美元 is WAN with currency USD.' },
    YI: { description: '亿元: 100,000,000 yuan = 10,000 万元.' },
  },
});

registerEnumType(AmountQualifier, {
  name: 'AmountQualifier',
  description: 'How exact the written amount is (金额限定词).',
  valuesConfig: {
    EXACT: { description: 'As written, no qualifier.' },
    APPROX: { description: '约 / 近: about, nearly.' },
    OVER: { description: '超 / 以上: more than.' },
    UNDER: { description: '以下: less than.' },
  },
});
