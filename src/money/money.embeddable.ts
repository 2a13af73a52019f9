import { Embeddable, Enum, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from './decimal';
import { AmountQualifier, MoneyUnit } from './money.enums';
import { PublicFields } from '../cache/cache-control';

/** An amount as the district wrote it, plus its canonical value in 万元 CNY. */
@Embeddable()
@PublicFields()
@ObjectType({ description: 'An amount of money (金额): canonical 万元 CNY plus the amount as written.' })
export class Money {
  @Field(() => DecimalScalar, { description: 'Canonical amount in 万元 CNY, rounded half-up to 4 decimals (one yuan).' })
  @Property({ type: 'decimal', precision: 20, scale: 4 })
  wanYuan!: string;

  @Field(() => DecimalScalar, { description: 'The amount as written by the district, in `originalUnit` and `currency`.' })
  @Property({ type: 'decimal', precision: 24, scale: 6 })
  original!: string;

  @Field(() => MoneyUnit, { description: 'The unit the amount was written in (元, 万元, 亿元).' })
  @Enum({ items: () => MoneyUnit })
  originalUnit!: MoneyUnit;

  @Field({ description: 'ISO 4217 currency code of the original amount; non-CNY is converted with the yearly average rate.' })
  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Field(() => AmountQualifier, { description: 'EXACT unless the source says 约, 近, 超, 以上…' })
  @Enum({ items: () => AmountQualifier })
  qualifier!: AmountQualifier;
}
