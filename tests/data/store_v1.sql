PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE store_info (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO store_info VALUES('schema_version','1');
CREATE TABLE notices (
	id INTEGER NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	file_name TEXT NOT NULL, 
	format VARCHAR(8) NOT NULL, 
	encoding VARCHAR(32), 
	extractor_version VARCHAR(32) NOT NULL, 
	ingested_at DATETIME NOT NULL, 
	text TEXT NOT NULL, 
	record TEXT NOT NULL, 
	content BLOB NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (sha256)
);
INSERT INTO notices VALUES(1,'749baba06ea466f80a97c99625d977a3b2c226422fc35f9b89c1e0f6486d28e2','15_wuhu_2021.txt','txt','utf-8','0.1.0','2026-11-23 13:45:58.319218',replace('关于2021年城乡居民医保参保缴费标准确定的通知\n2021年我市城乡居民医保参保缴费标准提高至900元/人,其中财政补助580元,个人缴费320元,预计10月份开始征缴。为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。在避免过度保障的同时实现应资尽资。\n芜湖市医疗保障局\n','\n',char(10)),'{"source":"15_wuhu_2021.txt","format":"txt","sha256":"749baba06ea466f80a97c99625d977a3b2c226422fc35f9b89c1e0f6486d28e2","encoding":"utf-8","extractor_version":"0.1.0","documents":[{"meta":{"title":"关于2021年城乡居民医保参保缴费标准确定的通知","doc_number":null,"issuers":["芜湖市医疗保障局"],"level":"city","province":"安徽省","city":"芜湖市","county":null,"policy_year":2021,"issue_date":null,"basis_docs":[],"doc_number_parts":null,"adcode":"340200","region_source":"issuers","publish_date":null,"ambiguous_regions":[]},"sections":[],"parameters":[{"field":"financing.total","label":"筹资标准（人均总额）","value":900,"unit":"元","scope":{},"year":2021,"qualifier":"提高到","operator":"=","previous":null,"tier":"core","evidence":"参保缴费标准提高至900元","sentence":"2021年我市城乡居民医保参保缴费标准提高至900元/人,其中财政补助580元,个人缴费320元,预计10月份开始征缴。","section":null,"span":{"start":47,"end":51},"evidence_span":{"start":38,"end":51},"rule":"financing.total#before1"},{"field":"subsidy.per_capita","label":"人均财政补助标准","value":580,"unit":"元","scope":{},"year":2021,"qualifier":null,"operator":"=","previous":null,"tier":"core","evidence":"财政补助580元","sentence":"2021年我市城乡居民医保参保缴费标准提高至900元/人,其中财政补助580元,个人缴费320元,预计10月份开始征缴。","section":null,"span":{"start":60,"end":64},"evidence_span":{"start":56,"end":64},"rule":"subsidy.per_capita#before2"},{"field":"contribution.individual","label":"个人缴费标准","value":320,"unit":"元","scope":{},"year":2021,"qualifier":null,"operator":"=","previous":null,"tier":"core","evidence":"个人缴费320元","sentence":"2021年我市城乡居民医保参保缴费标准提高至900元/人,其中财政补助580元,个人缴费320元,预计10月份开始征缴。","section":null,"span":{"start":69,"end":73},"evidence_span":{"start":65,"end":73},"rule":"contribution.individual#before0"},{"field":"assistance.contribution_subsidy","label":"困难群众参保个人缴费资助","value":100,"unit":"%","scope":{"population":"tekun"},"year":2021,"qualifier":"全额","operator":"=","previous":null,"tier":"core","evidence":"全额资助","sentence":"为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。","section":null,"span":{"start":149,"end":151},"evidence_span":{"start":149,"end":153},"rule":"assistance.contribution_subsidy#after0"},{"field":"assistance.contribution_subsidy","label":"困难群众参保个人缴费资助","value":280,"unit":"元","scope":{"population":"dibao"},"year":2021,"qualifier":null,"operator":"=","previous":null,"tier":"core","evidence":"定额资助280元","sentence":"为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。","section":null,"span":{"start":160,"end":164},"evidence_span":{"start":156,"end":164},"rule":"assistance.contribution_subsidy#before0"},{"field":"assistance.contribution_subsidy","label":"困难群众参保个人缴费资助","value":250,"unit":"元","scope":{"population":"returned_poverty"},"year":2021,"qualifier":null,"operator":"=","previous":null,"tier":"core","evidence":"定额资助250元","sentence":"为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。","section":null,"span":{"start":183,"end":187},"evidence_span":{"start":179,"end":187},"rule":"assistance.contribution_subsidy#before0"},{"field":"assistance.contribution_subsidy","label":"困难群众参保个人缴费资助","value":160,"unit":"元","scope":{"population":"monitored"},"year":2021,"qualifier":null,"operator":"=","previous":null,"tier":"core","evidence":"定额资助160元","sentence":"为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。","section":null,"span":{"start":232,"end":236},"evidence_span":{"start":228,"end":236},"rule":"assistance.contribution_subsidy#before0"}],"quantities":[],"checks":[],"span":{"start":0,"end":264},"zones":{"header":{"start":0,"end":24},"addressee":null,"body":{"start":25,"end":254},"closing":{"start":255,"end":263},"attachments":null},"warnings":[]}],"text":"关于2021年城乡居民医保参保缴费标准确定的通知\n2021年我市城乡居民医保参保缴费标准提高至900元/人,其中财政补助580元,个人缴费320元,预计10月份开始征缴。为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。在避免过度保障的同时实现应资尽资。\n芜湖市医疗保障局\n","source_text":"关于2021年城乡居民医保参保缴费标准确定的通知\n2021年我市城乡居民医保参保缴费标准提高至900元/人,其中财政补助580元,个人缴费320元,预计10月份开始征缴。为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。在避免过度保障的同时实现应资尽资。\n芜湖市医疗保障局\n","segments":[[0,0,24],[25,25,229],[255,255,8]],"pages":[],"tables":[],"warnings":[]}',X'e585b3e4ba8e32303231e5b9b4e59f8ee4b9a1e5b185e6b091e58cbbe4bf9de58f82e4bf9de7bcb4e8b4b9e6a087e58786e7a1aee5ae9ae79a84e9809ae79fa50a32303231e5b9b4e68891e5b882e59f8ee4b9a1e5b185e6b091e58cbbe4bf9de58f82e4bf9de7bcb4e8b4b9e6a087e58786e68f90e9ab98e887b3393030e585832fe4baba2ce585b6e4b8ade8b4a2e694bfe8a1a5e58aa9353830e585832ce4b8aae4babae7bcb4e8b4b9333230e585832ce9a284e8aea13130e69c88e4bbbde5bc80e5a78be5be81e7bcb4e38082e4b8bae8b4afe5bdbbe890bde5ae9ee5859ae4b8ade5a4aee38081e59bbde58aa1e999a2e585b3e4ba8ee5b7a9e59bbae68b93e5b195e884b1e8b4abe694bbe59d9ae68890e69e9ce5908ce4b9a1e69d91e68cafe585b4e69c89e69588e8a194e68ea5e79a84e586b3e7ad96e983a8e7bdb22ce7b2bee58786e8af86e588abe38081e58886e7b1bbe8b584e58aa9e58e9fe588992ce9809ae8bf87e58cbbe79697e69591e58aa9e8b584e98791e5afb9e789b9e59bb0e4babae59198e585a8e9a29de8b584e58aa93be4bd8ee4bf9de5ae9ae9a29de8b584e58aa9323830e58583e4b9a1e69d91e68cafe585b4e983a8e997a8e8aea4e5ae9ae79a84e8bf94e8b4abe887b4e8b4abe4babae58fa3e5ae9ae9a29de8b584e58aa9323530e58583e8beb9e7bc98e69893e887b4e8b4abe688b7e38081e884b1e8b4abe4b88de7a8b3e5ae9ae38081e7aa81e58f91e4b8a5e9878de59bb0e99abee688b7e7ad89e7bab3e585a5e79bb8e585b3e983a8e997a8e5869ce69d91e4bd8ee694b6e585a5e4babae58fa3e79b91e6b58be88c83e59bb4e79a84e4babae58fa3e5ae9ae9a29de8b584e58aa9313630e58583e38082e59ca8e981bfe5858de8bf87e5baa6e4bf9de99a9ce79a84e5908ce697b6e5ae9ee78eb0e5ba94e8b584e5b0bde8b584e380820ae88a9ce6b996e5b882e58cbbe79697e4bf9de99a9ce5b1800a');
INSERT INTO notices VALUES(2,'b05221fc5cdbdf8c8075c06d0e4657f69dac8d541ef4ed775ebdb980aa868320','12_guangzhou_2022.txt','txt','utf-8','0.1.0','2026-11-23 13:45:58.325775',replace('广州市医疗保障局广州市财政局关于公布2022年广州市城乡居民医保筹资标准的通知\n各区财政局,各有关单位:\n为做好2022年广州市城乡居民社会医疗保险(以下简称城乡居民医保)扩面征缴工作,根据《广州市城乡居民社会医疗保险办法》有关规定,按照统计部门公布的数据计算,现将2022年城乡居民医保缴费基数及筹资标准公布如下:\n一、2022年我市城乡居民医保缴费基数为49785元。\n二、2022年我市城乡居民医保在校学生个人缴费标准为每人363元,财政补助标准为每人842元。\n三、2022年我市城乡居民医保其他参保人员个人缴费标准为每人483元,财政补助标准为每人722元。\n广州市医疗保障局广州市财政局\n2021年10月14日\n','\n',char(10)),'{"source":"12_guangzhou_2022.txt","format":"txt","sha256":"b05221fc5cdbdf8c8075c06d0e4657f69dac8d541ef4ed775ebdb980aa868320","encoding":"utf-8","extractor_version":"0.1.0","documents":[{"meta":{"title":"关于公布2022年广州市城乡居民医保筹资标准的通知","doc_number":null,"issuers":["广州市医疗保障局","广州市财政局"],"level":"city","province":"广东省","city":"广州市","county":null,"policy_year":2022,"issue_date":"2021-10-14","basis_docs":[],"doc_number_parts":null,"adcode":"440100","region_source":"issuers","publish_date":null,"ambiguous_regions":[]},"sections":[{"number":"一","title":"2022年我市城乡居民医保缴费基数为49785元","children":[],"marker":"一、","level":1,"path":"一","span":{"start":159,"end":187},"title_span":{"start":161,"end":185}},{"number":"二","title":"2022年我市城乡居民医保在校学生个人缴费标准为每人363元,财政补助标准为每人842元","children":[],"marker":"二、","level":1,"path":"二","span":{"start":187,"end":235},"title_span":{"start":189,"end":233}},{"number":"三","title":"2022年我市城乡居民医保其他参保人员个人缴费标准为每人483元,财政补助标准为每人722元","children":[],"marker":"三、","level":1,"path":"三","span":{"start":235,"end":284},"title_span":{"start":237,"end":283}}],"parameters":[{"field":"contribution.individual","label":"个人缴费标准","value":363,"unit":"元","scope":{"insured_group":"students"},"year":2022,"qualifier":null,"operator":"=","previous":null,"tier":"core","evidence":"个人缴费标准为每人363元","sentence":"二、2022年我市城乡居民医保在校学生个人缴费标准为每人363元,财政补助标准为每人842元。","section":"二","span":{"start":215,"end":219},"evidence_span":{"start":206,"end":219},"rule":"contribution.individual#before0"},{"field":"subsidy.per_capita","label":"人均财政补助标准","value":842,"unit":"元","scope":{"insured_group":"students"},"year":2022,"qualifier":null,"operator":"=","previous":null,"tier":"core","evidence":"财政补助标准为每人842元","sentence":"二、2022年我市城乡居民医保在校学生个人缴费标准为每人363元,财政补助标准为每人842元。","section":"二","span":{"start":229,"end":233},"evidence_span":{"start":220,"end":233},"rule":"subsidy.per_capita#before1"},{"field":"contribution.individual","label":"个人缴费标准","value":483,"unit":"元","scope":{"insured_group":"other"},"year":2022,"qualifier":null,"operator":"=","previous":null,"tier":"core","evidence":"个人缴费标准为每人483元","sentence":"三、2022年我市城乡居民医保其他参保人员个人缴费标准为每人483元,财政补助标准为每人722元。","section":"三","span":{"start":265,"end":269},"evidence_span":{"start":256,"end":269},"rule":"contribution.individual#before0"},{"field":"subsidy.per_capita","label":"人均财政补助标准","value":722,"unit":"元","scope":{"insured_group":"other"},"year":2022,"qualifier":null,"operator":"=","previous":null,"tier":"core","evidence":"财政补助标准为每人722元","sentence":"三、2022年我市城乡居民医保其他参保人员个人缴费标准为每人483元,财政补助标准为每人722元。","section":"三","span":{"start":279,"end":283},"evidence_span":{"start":270,"end":283},"rule":"subsidy.per_capita#before1"}],"quantities":[{"kind":"money","value":49785,"unit":"元","text":"49785元","sentence":"一、2022年我市城乡居民医保缴费基数为49785元。","section":"一","span":{"start":179,"end":185}}],"checks":[],"span":{"start":0,"end":312},"zones":{"header":{"start":0,"end":39},"addressee":{"start":40,"end":52},"body":{"start":53,"end":284},"closing":{"start":285,"end":311},"attachments":null},"warnings":[]}],"text":"广州市医疗保障局广州市财政局关于公布2022年广州市城乡居民医保筹资标准的通知\n各区财政局,各有关单位:\n为做好2022年广州市城乡居民社会医疗保险(以下简称城乡居民医保)扩面征缴工作,根据《广州市城乡居民社会医疗保险办法》有关规定,按照统计部门公布的数据计算,现将2022年城乡居民医保缴费基数及筹资标准公布如下:\n一、2022年我市城乡居民医保缴费基数为49785元。\n二、2022年我市城乡居民医保在校学生个人缴费标准为每人363元,财政补助标准为每人842元。\n三、2022年我市城乡居民医保其他参保人员个人缴费标准为每人483元,财政补助标准为每人722元。\n广州市医疗保障局广州市财政局\n2021年10月14日\n","source_text":"广州市医疗保障局 广州市财政局关于公布2022年广州市城乡居民医保筹资标准的通知\n各区财政局,各有关单位:\n为做好2022年广州市城乡居民社会医疗保险(以下简称城乡居民医保)扩面征缴工作,根据《广州市城乡居民社会医疗保险办法》有关规定,按照统计部门公布的数据计算,现将2022年城乡居民医保缴费基数及筹资标准公布如下:\n一、2022年我市城乡居民医保缴费基数为49785元。\n二、2022年我市城乡居民医保在校学生个人缴费标准为每人363元,财政补助标准为每人842元。\n三、2022年我市城乡居民医保其他参保人员个人缴费标准为每人483元,财政补助标准为每人722元。\n广州市医疗保障局  广州市财政局\n2021年10月14日\n","segments":[[0,0,8],[8,9,31],[40,41,12],[53,54,105],[159,160,27],[187,188,47],[235,236,49],[285,286,8],[293,296,6],[300,303,11]],"pages":[],"tables":[],"warnings":[]}',X'e5b9bfe5b79ee5b882e58cbbe79697e4bf9de99a9ce5b18020e5b9bfe5b79ee5b882e8b4a2e694bfe5b180e585b3e4ba8ee585ace5b88332303232e5b9b4e5b9bfe5b79ee5b882e59f8ee4b9a1e5b185e6b091e58cbbe4bf9de7adb9e8b584e6a087e58786e79a84e9809ae79fa50ae59084e58cbae8b4a2e694bfe5b1802ce59084e69c89e585b3e58d95e4bd8d3a0ae4b8bae5819ae5a5bd32303232e5b9b4e5b9bfe5b79ee5b882e59f8ee4b9a1e5b185e6b091e7a4bee4bc9ae58cbbe79697e4bf9de999a928e4bba5e4b88be7ae80e7a7b0e59f8ee4b9a1e5b185e6b091e58cbbe4bf9d29e689a9e99da2e5be81e7bcb4e5b7a5e4bd9c2ce6a0b9e68daee3808ae5b9bfe5b79ee5b882e59f8ee4b9a1e5b185e6b091e7a4bee4bc9ae58cbbe79697e4bf9de999a9e58a9ee6b395e3808be69c89e585b3e8a784e5ae9a2ce68c89e785a7e7bb9fe8aea1e983a8e997a8e585ace5b883e79a84e695b0e68daee8aea1e7ae972ce78eb0e5b08632303232e5b9b4e59f8ee4b9a1e5b185e6b091e58cbbe4bf9de7bcb4e8b4b9e59fbae695b0e58f8ae7adb9e8b584e6a087e58786e585ace5b883e5a682e4b88b3a0ae4b880e3808132303232e5b9b4e68891e5b882e59f8ee4b9a1e5b185e6b091e58cbbe4bf9de7bcb4e8b4b9e59fbae695b0e4b8ba3439373835e58583e380820ae4ba8ce3808132303232e5b9b4e68891e5b882e59f8ee4b9a1e5b185e6b091e58cbbe4bf9de59ca8e6a0a1e5ada6e7949fe4b8aae4babae7bcb4e8b4b9e6a087e58786e4b8bae6af8fe4baba333633e585832ce8b4a2e694bfe8a1a5e58aa9e6a087e58786e4b8bae6af8fe4baba383432e58583e380820ae4b889e3808132303232e5b9b4e68891e5b882e59f8ee4b9a1e5b185e6b091e58cbbe4bf9de585b6e4bb96e58f82e4bf9de4babae59198e4b8aae4babae7bcb4e8b4b9e6a087e58786e4b8bae6af8fe4baba343833e585832ce8b4a2e694bfe8a1a5e58aa9e6a087e58786e4b8bae6af8fe4baba373232e58583e380820ae5b9bfe5b79ee5b882e58cbbe79697e4bf9de99a9ce5b1802020e5b9bfe5b79ee5b882e8b4a2e694bfe5b1800a32303231e5b9b43130e69c883134e697a50a');
CREATE TABLE documents (
	id INTEGER NOT NULL, 
	notice_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	doc_number TEXT, 
	title TEXT, 
	level VARCHAR(16), 
	province TEXT, 
	city TEXT, 
	county TEXT, 
	policy_year INTEGER, 
	issue_date VARCHAR(10), 
	meta TEXT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (notice_id, position), 
	FOREIGN KEY(notice_id) REFERENCES notices (id) ON DELETE CASCADE
);
INSERT INTO documents VALUES(1,1,0,NULL,'关于2021年城乡居民医保参保缴费标准确定的通知','city','安徽省','芜湖市',NULL,2021,NULL,'{"title":"关于2021年城乡居民医保参保缴费标准确定的通知","doc_number":null,"issuers":["芜湖市医疗保障局"],"level":"city","province":"安徽省","city":"芜湖市","county":null,"policy_year":2021,"issue_date":null,"basis_docs":[],"doc_number_parts":null,"adcode":"340200","region_source":"issuers","publish_date":null,"ambiguous_regions":[]}');
INSERT INTO documents VALUES(2,2,0,NULL,'关于公布2022年广州市城乡居民医保筹资标准的通知','city','广东省','广州市',NULL,2022,'2021-10-14','{"title":"关于公布2022年广州市城乡居民医保筹资标准的通知","doc_number":null,"issuers":["广州市医疗保障局","广州市财政局"],"level":"city","province":"广东省","city":"广州市","county":null,"policy_year":2022,"issue_date":"2021-10-14","basis_docs":[],"doc_number_parts":null,"adcode":"440100","region_source":"issuers","publish_date":null,"ambiguous_regions":[]}');
CREATE TABLE corrections (
	id INTEGER NOT NULL, 
	notice_id INTEGER NOT NULL, 
	document INTEGER NOT NULL, 
	field VARCHAR(64) NOT NULL, 
	scope_key TEXT NOT NULL, 
	action VARCHAR(16) NOT NULL, 
	old_value TEXT, 
	new_value TEXT, 
	unit VARCHAR(16), 
	note TEXT, 
	author TEXT, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(notice_id) REFERENCES notices (id) ON DELETE CASCADE
);
INSERT INTO corrections VALUES(1,1,0,'subsidy.per_capita','','corrected','580','590','元','v1 correction',NULL,'2026-11-23 13:45:58.866965');
CREATE TABLE parameters (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	field VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	number FLOAT, 
	unit VARCHAR(16) NOT NULL, 
	scope TEXT NOT NULL, 
	scope_key TEXT NOT NULL, 
	year INTEGER, 
	qualifier VARCHAR(8), 
	operator VARCHAR(2), 
	tier VARCHAR(8) NOT NULL, 
	evidence TEXT NOT NULL, 
	sentence TEXT NOT NULL, 
	section TEXT, 
	span_start INTEGER NOT NULL, 
	span_end INTEGER NOT NULL, 
	rule TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
INSERT INTO parameters VALUES(1,1,'financing.total','900',900.0,'元','{}','',2021,'提高到','=','core','参保缴费标准提高至900元','2021年我市城乡居民医保参保缴费标准提高至900元/人,其中财政补助580元,个人缴费320元,预计10月份开始征缴。',NULL,47,51,'financing.total#before1');
INSERT INTO parameters VALUES(2,1,'subsidy.per_capita','580',580.0,'元','{}','',2021,NULL,'=','core','财政补助580元','2021年我市城乡居民医保参保缴费标准提高至900元/人,其中财政补助580元,个人缴费320元,预计10月份开始征缴。',NULL,60,64,'subsidy.per_capita#before2');
INSERT INTO parameters VALUES(3,1,'contribution.individual','320',320.0,'元','{}','',2021,NULL,'=','core','个人缴费320元','2021年我市城乡居民医保参保缴费标准提高至900元/人,其中财政补助580元,个人缴费320元,预计10月份开始征缴。',NULL,69,73,'contribution.individual#before0');
INSERT INTO parameters VALUES(4,1,'assistance.contribution_subsidy','100',100.0,'%','{"population": "tekun"}','population=tekun',2021,'全额','=','core','全额资助','为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。',NULL,149,151,'assistance.contribution_subsidy#after0');
INSERT INTO parameters VALUES(5,1,'assistance.contribution_subsidy','280',280.0,'元','{"population": "dibao"}','population=dibao',2021,NULL,'=','core','定额资助280元','为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。',NULL,160,164,'assistance.contribution_subsidy#before0');
INSERT INTO parameters VALUES(6,1,'assistance.contribution_subsidy','250',250.0,'元','{"population": "returned_poverty"}','population=returned_poverty',2021,NULL,'=','core','定额资助250元','为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。',NULL,183,187,'assistance.contribution_subsidy#before0');
INSERT INTO parameters VALUES(7,1,'assistance.contribution_subsidy','160',160.0,'元','{"population": "monitored"}','population=monitored',2021,NULL,'=','core','定额资助160元','为贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署,精准识别、分类资助原则,通过医疗救助资金对特困人员全额资助;低保定额资助280元乡村振兴部门认定的返贫致贫人口定额资助250元边缘易致贫户、脱贫不稳定、突发严重困难户等纳入相关部门农村低收入人口监测范围的人口定额资助160元。',NULL,232,236,'assistance.contribution_subsidy#before0');
INSERT INTO parameters VALUES(8,2,'contribution.individual','363',363.0,'元','{"insured_group": "students"}','insured_group=students',2022,NULL,'=','core','个人缴费标准为每人363元','二、2022年我市城乡居民医保在校学生个人缴费标准为每人363元,财政补助标准为每人842元。','二',215,219,'contribution.individual#before0');
INSERT INTO parameters VALUES(9,2,'subsidy.per_capita','842',842.0,'元','{"insured_group": "students"}','insured_group=students',2022,NULL,'=','core','财政补助标准为每人842元','二、2022年我市城乡居民医保在校学生个人缴费标准为每人363元,财政补助标准为每人842元。','二',229,233,'subsidy.per_capita#before1');
INSERT INTO parameters VALUES(10,2,'contribution.individual','483',483.0,'元','{"insured_group": "other"}','insured_group=other',2022,NULL,'=','core','个人缴费标准为每人483元','三、2022年我市城乡居民医保其他参保人员个人缴费标准为每人483元,财政补助标准为每人722元。','三',265,269,'contribution.individual#before0');
INSERT INTO parameters VALUES(11,2,'subsidy.per_capita','722',722.0,'元','{"insured_group": "other"}','insured_group=other',2022,NULL,'=','core','财政补助标准为每人722元','三、2022年我市城乡居民医保其他参保人员个人缴费标准为每人483元,财政补助标准为每人722元。','三',279,283,'subsidy.per_capita#before1');
CREATE TABLE quantities (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	value TEXT NOT NULL, 
	unit VARCHAR(16) NOT NULL, 
	text TEXT NOT NULL, 
	sentence TEXT NOT NULL, 
	section TEXT, 
	span_start INTEGER NOT NULL, 
	span_end INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
INSERT INTO quantities VALUES(1,2,'money','49785','元','49785元','一、2022年我市城乡居民医保缴费基数为49785元。','一',179,185);
CREATE TABLE checks (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	check_id VARCHAR(32) NOT NULL, 
	message TEXT NOT NULL, 
	parameters TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
CREATE INDEX ix_documents_policy_year ON documents (policy_year);
CREATE INDEX ix_documents_notice_id ON documents (notice_id);
CREATE INDEX ix_documents_province ON documents (province);
CREATE INDEX ix_documents_city ON documents (city);
CREATE INDEX ix_documents_doc_number ON documents (doc_number);
CREATE INDEX ix_corrections_notice_id ON corrections (notice_id);
CREATE INDEX ix_parameters_document_id ON parameters (document_id);
CREATE INDEX ix_parameters_field ON parameters (field);
CREATE INDEX ix_quantities_document_id ON quantities (document_id);
CREATE INDEX ix_checks_document_id ON checks (document_id);
COMMIT;
